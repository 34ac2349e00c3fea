package dev.hookline.kql.eval.fn;

import java.util.Arrays;

/**
 * The arithmetic of Kusto's time-series functions over a series of doubles (NaN is a missing point: null or not a
 * number), following the series_decompose / series_outliers / series_periods_detect pages: seasonal = the median of
 * the points in the same phase, trend = average or least-squares line of the deseasonalised series (or none),
 * baseline = seasonal + trend, residual = x - baseline; Tukey scores against the 10th-90th (ctukey) or 25th-75th
 * (tukey) percentiles. Learning uses the points before the last {@code testPoints}; the components cover all.
 */
final class SeriesMath {
    /** Seasonal periods must fit this many times into the learning points to be detected. */
    static final int MIN_CYCLES = 2;
    /** The shortest period autodetection considers (a period of 1 is no season). */
    static final int MIN_PERIOD = 2;

    private SeriesMath() {
    }

    /** The four series of series_decompose. */
    record Decomposition(double[] baseline, double[] seasonal, double[] trend, double[] residual) {
    }

    /**
     * series_decompose: {@code period} 0 for none, a positive number of bins, or -1 to detect it (the strongest
     * period whose score reaches {@code seasonalityThreshold}); trend "avg", "linefit" or "none".
     */
    static Decomposition decompose(double[] x, int period, String trend, int testPoints, double seasonalityThreshold) {
        int n = x.length;
        int learn = Math.max(0, n - Math.max(0, testPoints));
        if (period < 0) {
            period = detectPeriod(Arrays.copyOf(x, learn), seasonalityThreshold);
        }
        double[] seasonal = new double[n];
        if (period > 0) {
            for (int phase = 0; phase < period && phase < n; phase++) {
                double[] same = new double[(learn + period - 1) / period];
                int k = 0;
                for (int i = phase; i < learn; i += period) {
                    if (!Double.isNaN(x[i])) {
                        same[k++] = x[i];
                    }
                }
                double m = k == 0 ? 0 : median(Arrays.copyOf(same, k));
                for (int i = phase; i < n; i += period) {
                    seasonal[i] = m;
                }
            }
        }
        double[] deseasoned = new double[learn];
        for (int i = 0; i < learn; i++) {
            deseasoned[i] = x[i] - seasonal[i];
        }
        double[] tr = new double[n];
        switch (trend) {
            case "avg": {
                double avg = mean(deseasoned);
                Arrays.fill(tr, Double.isNaN(avg) ? 0 : avg);
                break;
            }
            case "linefit": {
                double[] line = lineFit(deseasoned);
                for (int i = 0; i < n; i++) {
                    tr[i] = line[0] * i + line[1];
                }
                break;
            }
            default: // "none"
                break;
        }
        double[] baseline = new double[n];
        double[] residual = new double[n];
        for (int i = 0; i < n; i++) {
            baseline[i] = seasonal[i] + tr[i];
            residual[i] = x[i] - baseline[i]; // NaN stays NaN: a missing point has no residual
        }
        return new Decomposition(baseline, seasonal, tr, residual);
    }

    /**
     * Tukey's test score per point: how many inter-percentile ranges the point lies above the upper percentile
     * (positive) or below the lower one (negative), 0 inside; so a score beyond +-1.5 is outside Tukey's fences with
     * k = 1.5. Missing points score 0. Percentiles are taken over the first {@code learn} points.
     */
    static double[] outlierScores(double[] x, int learn, double lowPct, double highPct) {
        double[] known = Arrays.stream(Arrays.copyOf(x, Math.min(learn, x.length)))
                .filter(v -> !Double.isNaN(v)).sorted().toArray();
        double[] score = new double[x.length];
        if (known.length == 0) {
            return score;
        }
        double lo = percentile(known, lowPct);
        double hi = percentile(known, highPct);
        double range = hi - lo;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (Double.isNaN(v) || (v >= lo && v <= hi)) {
                score[i] = 0;
            } else if (range == 0) {
                // a flat learning set: any departure is infinitely many ranges away; keep it finite and decisive
                score[i] = v > hi ? Double.MAX_VALUE : -Double.MAX_VALUE;
            } else {
                score[i] = v > hi ? (v - hi) / range : (v - lo) / range;
            }
        }
        return score;
    }

    /**
     * The detected period of a series, or 0. The series is detrended (least-squares line removed), its outliers
     * set to its median, and each
     * candidate period p (2 bins up to a length that fits twice) is scored by the autocorrelation at lag p (1 = the
     * series repeats exactly every p bins). Only a peak of that curve is a period (a smooth or trending series has
     * high but falling autocorrelation at short lags, which is no season); the best-scoring peak at or above the
     * threshold wins, the shorter on a tie (7 rather than 14 for a weekly shape).
     */
    static int detectPeriod(double[] x, double threshold) {
        int n = x.length;
        double[] line = lineFit(x);
        double[] d = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            d[i] = Double.isNaN(x[i]) ? 0 : x[i] - (line[0] * i + line[1]);
            energy += d[i] * d[i];
        }
        if (energy < 1e-12 || n < MIN_PERIOD * MIN_CYCLES) {
            return 0;
        }
        // outliers (beyond Tukey's fences, k = 1.5) would swamp the correlation of the shape: read them as level
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double q1 = percentile(sorted, 25);
        double q3 = percentile(sorted, 75);
        double mid = percentile(sorted, 50);
        energy = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] < q1 - 1.5 * (q3 - q1) || d[i] > q3 + 1.5 * (q3 - q1)) {
                d[i] = mid;
            }
            d[i] -= mid;
            energy += d[i] * d[i];
        }
        if (energy < 1e-12) {
            return 0;
        }
        int maxP = n / MIN_CYCLES;
        double[] score = new double[maxP + 2];
        for (int p = 1; p <= maxP + 1 && p < n; p++) {
            double num = 0;
            double a = 0;
            double b = 0;
            for (int i = 0; i + p < n; i++) {
                num += d[i] * d[i + p];
                a += d[i] * d[i];
                b += d[i + p] * d[i + p];
            }
            score[p] = a == 0 || b == 0 ? 0 : num / Math.sqrt(a * b);
        }
        int best = 0;
        double bestScore = 0;
        for (int p = MIN_PERIOD; p <= maxP; p++) {
            boolean peak = score[p] > score[p - 1] && (p + 1 >= score.length || score[p] >= score[p + 1]);
            if (peak && score[p] >= threshold && score[p] > bestScore + 1e-9) {
                best = p;
                bestScore = score[p];
            }
        }
        return best;
    }

    /** Least squares over the known points: {slope, intercept} in units per bin. */
    static double[] lineFit(double[] y) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                sx += i;
                sy += y[i];
                sxx += (double) i * i;
                sxy += i * y[i];
                k++;
            }
        }
        if (k == 0) {
            return new double[] {0, 0};
        }
        double den = k * sxx - sx * sx;
        double slope = den == 0 ? 0 : (k * sxy - sx * sy) / den;
        return new double[] {slope, (sy - slope * sx) / k};
    }

    static double mean(double[] x) {
        double s = 0;
        int k = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                s += v;
                k++;
            }
        }
        return k == 0 ? Double.NaN : s / k;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Linear interpolation between the closest ranks of sorted values (p in 0..100). */
    static double percentile(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
