package org.garant.geo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data (real public data, never copied into the project); tests skip cleanly without it. */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String prop = System.getProperty("garant.sharedData");
        Path p = prop != null ? Path.of(prop) : Path.of("../../shared/data");
        return p.toAbsolutePath().normalize();
    }

    /** The file under ../shared/data, or a skipped test when it is absent. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        assumeTrue(Files.isRegularFile(p), "skipped: real data " + p + " is absent (../shared/data is not here)");
        return p;
    }
}
