package dev.hookline.sigma;

/**
 * One rule of a Sigma file: converted, or refused with the reason. {@code where} names it: the file, or file#n for
 * the n-th YAML document of a file that holds several.
 */
public record SigmaOutcome(String where, SigmaConversion conversion, SigmaException error) {
    public boolean ok() {
        return conversion != null;
    }
}
