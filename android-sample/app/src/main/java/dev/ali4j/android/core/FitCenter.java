package dev.ali4j.android.core;

/**
 * Where a picture lies in a view that shows it whole and centred, as large as fits (Android's
 * {@code ScaleType.FIT_CENTER}), and the way back from a touch in view pixels to picture
 * coordinates. The view draws with the one and reads touches with the other, so what the finger
 * covers is what gets painted. Immutable.
 *
 * <pre>{@code
 * FitCenter fit = new FitCenter(getWidth(), getHeight(), 28, 28);
 * canvas.drawBitmap(picture, null, new RectF(fit.left(), fit.top(), fit.right(), fit.bottom()), paint);
 * mask.move(fit.toImageX(event.getX()), fit.toImageY(event.getY()));
 * }</pre>
 */
public final class FitCenter {
    private final float scale;
    private final float left;
    private final float top;
    private final int imageWidth;
    private final int imageHeight;

    /**
     * @param viewWidth view width in pixels, above 0
     * @param viewHeight view height in pixels, above 0
     * @param imageWidth picture columns, at least 1
     * @param imageHeight picture rows, at least 1
     * @throws IllegalArgumentException if a size is out of range
     */
    public FitCenter(float viewWidth, float viewHeight, int imageWidth, int imageHeight) {
        if (!(viewWidth > 0) || !(viewHeight > 0) || imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("sizes must be positive, got view " + viewWidth + "x" + viewHeight
                    + " and picture " + imageWidth + "x" + imageHeight);
        }
        this.scale = Math.min(viewWidth / imageWidth, viewHeight / imageHeight);
        this.left = (viewWidth - imageWidth * scale) / 2;
        this.top = (viewHeight - imageHeight * scale) / 2;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
    }

    /** @return view pixels per picture pixel */
    public float scale() {
        return scale;
    }

    /** @return the view x of the picture's left edge */
    public float left() {
        return left;
    }

    /** @return the view y of the picture's top edge */
    public float top() {
        return top;
    }

    /** @return the view x of the picture's right edge */
    public float right() {
        return left + imageWidth * scale;
    }

    /** @return the view y of the picture's bottom edge */
    public float bottom() {
        return top + imageHeight * scale;
    }

    /** @return the picture x (column 0 spans 0..1) under view x {@code viewX}; outside 0..width off the picture */
    public float toImageX(float viewX) {
        return (viewX - left) / scale;
    }

    /** @return the picture y (row 0 spans 0..1) under view y {@code viewY}; outside 0..height off the picture */
    public float toImageY(float viewY) {
        return (viewY - top) / scale;
    }
}
