plugins {
    alias(libs.plugins.android.application)
}

// Android 8.0's API as animal-sniffer signatures, for AndroidApiLevelTest (a JVM unit test).
val androidApiSignature: Configuration by configurations.creating

android {
    namespace = "dev.ali4j.android"
    compileSdk = 34 // the API that the Maven build compiles against (android-all 14)

    defaultConfig {
        applicationId = "dev.ali4j.android"
        // 26 (Android 8.0): ali4j's bundle loading uses java.nio.file (Path, Files), which
        // Android has from API 26 on; so does Jackson 2.18, which reads the manifest.
        minSdk = 26
        targetSdk = 34
        versionCode = 1
        versionName = libs.versions.ali4j.get()
    }

    compileOptions {
        // The same level as ali4j's api and runtime-onnx/core jars.
        sourceCompatibility = JavaVersion.VERSION_11
        targetCompatibility = JavaVersion.VERSION_11
    }

    buildTypes {
        release {
            isMinifyEnabled = false
            signingConfig = signingConfigs.getByName("debug") // a sample: installable as is
        }
    }

    androidResources {
        noCompress += "onnx" // stored, not deflated: copied out of the APK once at first start
    }

    packaging {
        resources {
            // Jackson's jars each carry these; the APK needs none of them.
            excludes += setOf("META-INF/LICENSE", "META-INF/NOTICE", "META-INF/versions/9/module-info.class")
        }
    }

    testOptions {
        unitTests.all {
            it.useJUnitPlatform()
            // The JVM tests load runtime-onnx/core's real test bundle and read this project's files.
            it.systemProperty("ali4j.tinyBundle",
                rootDir.resolve("../runtime-onnx/core/src/test/resources/bundles/tiny").path)
            it.systemProperty("ali4j.sampleDir", rootDir.path)
            val test = it
            test.inputs.files(androidApiSignature)
            test.doFirst { test.systemProperty("ali4j.androidSignature", androidApiSignature.singleFile.path) }
        }
    }
}

// The JVM unit tests run the real desktop ONNX Runtime; the AAR's native libraries are for phones.
configurations.configureEach {
    if (name.endsWith("UnitTestRuntimeClasspath")) {
        exclude(group = "com.microsoft.onnxruntime", module = "onnxruntime-android")
    }
}

dependencies {
    // ali4j's Android-safe half: the api and the ONNX Runtime core, without the desktop ONNX
    // Runtime they are built against; onnxruntime-android provides the same ai.onnxruntime API.
    implementation(libs.ali4j.api)
    implementation(libs.ali4j.runtime.onnx) {
        exclude(group = "com.microsoft.onnxruntime", module = "onnxruntime")
    }
    implementation(libs.onnxruntime.android)

    testImplementation(libs.junit.jupiter)
    testRuntimeOnly(libs.junit.platform.launcher)
    testImplementation(libs.onnxruntime.jvm)
    testImplementation(libs.animal.sniffer)
    androidApiSignature(variantOf(libs.android.minsdk.signature) { artifactType("signature") })
}
