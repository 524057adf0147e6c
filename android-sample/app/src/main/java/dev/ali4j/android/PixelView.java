package dev.ali4j.android;

import android.content.Context;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Paint;
import android.graphics.RectF;
import android.util.AttributeSet;
import android.view.View;
import dev.ali4j.android.core.FitCenter;

/**
 * Shows a small picture (a 28x28 model image) as large as fits, square, with sharp pixels: no
 * bitmap filtering, so the user sees exactly the pixels the model got or made.
 */
public class PixelView extends View {
    private final Paint pixels = new Paint();
    private final RectF target = new RectF();
    private Bitmap picture;
    private FitCenter fit;

    public PixelView(Context context, AttributeSet attrs) {
        super(context, attrs);
        pixels.setFilterBitmap(false);
        pixels.setAntiAlias(false);
    }

    /** @param picture the picture to show, or null for none */
    public void setPicture(Bitmap picture) {
        this.picture = picture;
        updateFit();
        invalidate();
    }

    /** @return the picture shown, or null */
    public Bitmap picture() {
        return picture;
    }

    /** @return where the picture lies in this view, or null while there is none or no size yet */
    protected FitCenter fit() {
        return fit;
    }

    /** Draws {@code bitmap} over the picture's area, pixel for pixel with it. */
    protected void drawOverPicture(Canvas canvas, Bitmap bitmap) {
        canvas.drawBitmap(bitmap, null, target, pixels);
    }

    @Override
    protected void onMeasure(int widthMeasureSpec, int heightMeasureSpec) {
        int width = getDefaultSize(getSuggestedMinimumWidth(), widthMeasureSpec);
        setMeasuredDimension(width, resolveSize(width, heightMeasureSpec)); // square unless told otherwise
    }

    @Override
    protected void onSizeChanged(int w, int h, int oldw, int oldh) {
        super.onSizeChanged(w, h, oldw, oldh);
        updateFit();
    }

    @Override
    protected void onDraw(Canvas canvas) {
        super.onDraw(canvas);
        if (picture != null && fit != null) {
            drawOverPicture(canvas, picture);
        }
    }

    private void updateFit() {
        if (picture == null || getWidth() == 0 || getHeight() == 0) {
            fit = null;
            return;
        }
        fit = new FitCenter(getWidth(), getHeight(), picture.getWidth(), picture.getHeight());
        target.set(fit.left(), fit.top(), fit.right(), fit.bottom());
    }
}
