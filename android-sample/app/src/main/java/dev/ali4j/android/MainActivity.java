package dev.ali4j.android;

import android.app.Activity;
import android.content.ActivityNotFoundException;
import android.content.ContentResolver;
import android.content.Intent;
import android.content.res.AssetManager;
import android.graphics.Bitmap;
import android.net.Uri;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.provider.MediaStore;
import android.view.View;
import android.widget.Button;
import android.widget.TextView;
import android.widget.Toast;
import dev.ali4j.android.core.ArgbImage;
import dev.ali4j.android.core.BackgroundRunner;
import dev.ali4j.android.core.PictureModel;
import dev.ali4j.api.Mask;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sample's one screen: pick a picture (gallery, camera or a test image from the assets), see
 * the model's reconstruction beside it with its anomaly score, paint a mask on it and see the
 * inpainted result, and draw random samples. The model is loaded and run on {@link BackgroundRunner}'s thread; this class
 * only wires views to {@link PictureModel}.
 */
public final class MainActivity extends Activity {
    /** The bundle's folder in {@code app/src/main/assets}. */
    static final String BUNDLE_ASSETS = "bundle";
    /** Test pictures shipped in {@code app/src/main/assets}. */
    static final String TEST_IMAGES = "test-images";
    private static final int INPAINT_ROUNDS = 2;
    private static final int SAMPLE_GRID = 4;
    private static final int REQUEST_GALLERY = 1;
    private static final int REQUEST_CAMERA = 2;

    private final AtomicReference<PictureModel> loaded = new AtomicReference<>();
    private BackgroundRunner runner;
    private PictureModel model; // set on the UI thread once loaded
    private ArgbImage input; // the picture as the model sees it
    private String[] testImages = new String[0];
    private int nextTestImage;
    private long sampleSeed;

    private TextView status;
    private TextView scoreView;
    private MaskPaintView inputView;
    private PixelView reconstructionView;
    private PixelView inpaintedView;
    private PixelView samplesView;
    private Button[] buttons;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_main);
        runner = new BackgroundRunner(new Handler(Looper.getMainLooper())::post);
        status = findViewById(R.id.status);
        scoreView = findViewById(R.id.score);
        inputView = findViewById(R.id.input);
        reconstructionView = findViewById(R.id.reconstruction);
        inpaintedView = findViewById(R.id.inpainted);
        samplesView = findViewById(R.id.samples);
        buttons = new Button[] {findViewById(R.id.gallery), findViewById(R.id.camera),
            findViewById(R.id.test_image), findViewById(R.id.clear_mask), findViewById(R.id.more_samples)};
        buttons[0].setOnClickListener(v -> pickFromGallery());
        buttons[1].setOnClickListener(v -> takePhoto());
        buttons[2].setOnClickListener(v -> showNextTestImage());
        buttons[3].setOnClickListener(v -> clearMask());
        buttons[4].setOnClickListener(v -> drawSamples());
        inputView.setListener(this::inpaint);
        setEnabled(false);
        try {
            testImages = getAssets().list(TEST_IMAGES);
        } catch (IOException e) {
            testImages = new String[0];
        }
        loadModel();
    }

    private void loadModel() {
        status.setText(R.string.loading);
        AssetManager assets = getAssets();
        Path dir = new File(getNoBackupFilesDir(), BUNDLE_ASSETS).toPath();
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        runner.submit("load", () -> {
            PictureModel opened = PictureModel.open(assets::open, BUNDLE_ASSETS, dir, threads);
            loaded.set(opened); // closed in onDestroy even if this activity is gone before the callback
            return opened;
        }, new Shown<PictureModel>() {
            @Override
            public void onResult(PictureModel result) {
                model = result;
                status.setText(getString(R.string.model_loaded, result.describe()));
                setEnabled(true);
                showNextTestImage();
                drawSamples();
            }
        });
    }

    private void setEnabled(boolean enabled) {
        for (Button button : buttons) {
            button.setEnabled(enabled);
        }
        inputView.setEnabled(enabled);
    }

    private void pickFromGallery() {
        Intent pick = new Intent(Intent.ACTION_GET_CONTENT).setType("image/*").addCategory(Intent.CATEGORY_OPENABLE);
        start(pick, REQUEST_GALLERY);
    }

    private void takePhoto() {
        // Without EXTRA_OUTPUT the camera app returns a thumbnail: plenty for a 28x28 model, and
        // it needs neither the CAMERA permission nor a FileProvider.
        start(new Intent(MediaStore.ACTION_IMAGE_CAPTURE), REQUEST_CAMERA);
    }

    private void start(Intent intent, int request) {
        try {
            startActivityForResult(intent, request);
        } catch (ActivityNotFoundException e) {
            Toast.makeText(this, R.string.no_app_for_that, Toast.LENGTH_LONG).show();
        }
    }

    @Override
    @SuppressWarnings("deprecation") // getParcelable(String): its replacement needs API 33, minSdk is 26
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {
        super.onActivityResult(requestCode, resultCode, data);
        if (resultCode != RESULT_OK || data == null || model == null) {
            return;
        }
        if (requestCode == REQUEST_GALLERY && data.getData() != null) {
            ContentResolver resolver = getContentResolver();
            Uri uri = data.getData();
            PictureModel m = model;
            show(() -> Bitmaps.decode(() -> resolver.openInputStream(uri), m.spec()));
        } else if (requestCode == REQUEST_CAMERA && data.getExtras() != null) {
            Bitmap thumbnail = data.getExtras().getParcelable("data");
            if (thumbnail != null) {
                ArgbImage photo = Bitmaps.toArgb(thumbnail);
                show(() -> photo);
            }
        }
    }

    private void showNextTestImage() {
        if (testImages.length == 0 || model == null) {
            return;
        }
        String name = TEST_IMAGES + "/" + testImages[nextTestImage++ % testImages.length];
        AssetManager assets = getAssets();
        PictureModel m = model;
        show(() -> Bitmaps.decode(() -> assets.open(name), m.spec()));
    }

    /** In the background: decode, prepare for the model, reconstruct; then show both. */
    private void show(Callable<ArgbImage> picture) {
        PictureModel m = model;
        runner.submit("picture", () -> new Reconstructed(m, m.prepare(picture.call())), new Shown<Reconstructed>() {
            @Override
            public void onResult(Reconstructed result) {
                input = result.prepared.image();
                inputView.setPicture(Bitmaps.toBitmap(input));
                reconstructionView.setPicture(Bitmaps.toBitmap(result.reconstruction));
                inpaintedView.setPicture(null);
                status.setText(result.prepared.inverted() ? R.string.inverted : R.string.paint_hint);
                scoreView.setText(result.score);
            }
        });
    }

    /** A prepared picture and its reconstruction, made together in the background. */
    private static final class Reconstructed {
        final PictureModel.Prepared prepared;
        final ArgbImage reconstruction;
        final String score;

        Reconstructed(PictureModel model, PictureModel.Prepared prepared) {
            this.prepared = prepared;
            this.reconstruction = model.reconstruct(prepared.image());
            this.score = PictureModel.describe(model.score(prepared.image()));
        }
    }

    private void inpaint(Mask mask) {
        if (input == null || model == null) {
            return;
        }
        ArgbImage picture = input;
        PictureModel m = model;
        runner.submit("inpaint", () -> m.inpaint(picture, mask, INPAINT_ROUNDS), new Shown<ArgbImage>() {
            @Override
            public void onResult(ArgbImage filled) {
                if (picture == input) { // not a result for a picture replaced meanwhile
                    inpaintedView.setPicture(Bitmaps.toBitmap(filled));
                }
            }
        });
    }

    private void clearMask() {
        inputView.clearMask();
        inpaintedView.setPicture(null);
    }

    private void drawSamples() {
        PictureModel m = model;
        long seed = sampleSeed++;
        runner.submit("samples", () -> m.samples(SAMPLE_GRID, SAMPLE_GRID, seed), new Shown<ArgbImage>() {
            @Override
            public void onResult(ArgbImage grid) {
                samplesView.setPicture(Bitmaps.toBitmap(grid));
            }
        });
    }

    @Override
    protected void onDestroy() {
        runner.closeAfterPending(() -> {
            PictureModel m = loaded.get();
            if (m != null) {
                m.close();
            }
        });
        super.onDestroy();
    }

    /** A callback whose errors all end up in the status line. */
    private abstract class Shown<T> implements BackgroundRunner.Callback<T> {
        @Override
        public void onError(Exception error) {
            status.setText(getString(R.string.failed, String.valueOf(error.getMessage())));
        }
    }
}
