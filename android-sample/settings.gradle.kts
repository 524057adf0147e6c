// The ali4j Android sample. Build from this folder: ./gradlew assembleDebug (see the main README,
// section "Android sample"). ali4j itself comes from the local Maven repository, where
// `./mvnw install -pl api,runtime-onnx/core -am` (run in the repository root) puts it.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
        mavenLocal {
            content { includeGroup("dev.ali4j") } // only ali4j's own artifacts from ~/.m2
        }
    }
}

rootProject.name = "ali4j-android-sample"
include(":app")
