package dev.hookline.collector;

import java.util.Locale;

/** The operating system a collector is for, from the JVM's os.name: one place for every provider's check. */
public enum Platform {
    LINUX, WINDOWS, MACOS, OTHER;

    public static Platform current() {
        return of(System.getProperty("os.name", ""));
    }

    public static Platform of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return LINUX;
        }
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        return os.startsWith("mac") ? MACOS : OTHER;
    }
}
