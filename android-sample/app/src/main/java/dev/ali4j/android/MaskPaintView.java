package dev.ali4j.android;

import android.content.Context;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.util.AttributeSet;
import android.view.MotionEvent;
import dev.ali4j.android.core.FitCenter;
import dev.ali4j.android.core.MaskCanvas;
import dev.ali4j.api.Mask;

/**
 * The input picture, on which the user paints the pixels to hide with a finger. Touches are
 * mapped to the picture's pixel grid ({@link FitCenter}) and painted on a {@link MaskCanvas};
 * when the finger lifts, the listener gets the mask (a copy, safe to hand to another thread).
 */
public final class MaskPaintView extends PixelView {
    /** Receives the mask each time a stroke ends. */
    public interface Listener {
        void onMaskPainted(Mask mask);
    }

    private static final int MASK_COLOR = 0xa0ff3b30; // translucent red

    private MaskCanvas mask;
    private Bitmap overlay;
    private Listener listener;

    public MaskPaintView(Context context, AttributeSet attrs) {
        super(context, attrs);
    }

    /** @param listener told of the mask after every stroke, or null */
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Shows a new picture with an empty mask of its size. */
    @Override
    public void setPicture(Bitmap picture) {
        mask = picture == null ? null : new MaskCanvas(picture.getWidth(), picture.getHeight(),
                MaskCanvas.defaultBrushRadius(picture.getWidth(), picture.getHeight()));
        overlay = null;
        super.setPicture(picture);
    }

    /** Removes everything painted. */
    public void clearMask() {
        if (mask != null) {
            mask.clear();
            overlay = null;
            invalidate();
        }
    }

    @Override
    protected void onDraw(Canvas canvas) {
        super.onDraw(canvas);
        if (overlay != null && fit() != null) {
            drawOverPicture(canvas, overlay);
        }
    }

    @Override
    public boolean onTouchEvent(MotionEvent event) {
        FitCenter fit = fit();
        if (mask == null || fit == null || !isEnabled()) {
            return false;
        }
        switch (event.getActionMasked()) {
            case MotionEvent.ACTION_DOWN:
                getParent().requestDisallowInterceptTouchEvent(true); // no scrolling while painting
                mask.down(fit.toImageX(event.getX()), fit.toImageY(event.getY()));
                break;
            case MotionEvent.ACTION_MOVE:
                for (int i = 0; i < event.getHistorySize(); i++) {
                    mask.move(fit.toImageX(event.getHistoricalX(i)), fit.toImageY(event.getHistoricalY(i)));
                }
                mask.move(fit.toImageX(event.getX()), fit.toImageY(event.getY()));
                break;
            case MotionEvent.ACTION_UP:
                mask.move(fit.toImageX(event.getX()), fit.toImageY(event.getY()));
                mask.up();
                performClick();
                if (listener != null) {
                    listener.onMaskPainted(mask.toMask());
                }
                break;
            case MotionEvent.ACTION_CANCEL:
                mask.up();
                break;
            default:
                return true;
        }
        overlay = Bitmaps.toBitmap(mask.overlay(MASK_COLOR));
        invalidate();
        return true;
    }

    @Override
    public boolean performClick() {
        return super.performClick();
    }
}
