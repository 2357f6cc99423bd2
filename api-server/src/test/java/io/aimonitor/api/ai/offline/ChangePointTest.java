package io.aimonitor.api.ai.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChangePointTest {
    @Test
    void findsTheShiftInStandardDeviations() {
        double[] v = {10, 11, 9, 10, 11, 9, 20, 21, 19, 20};
        ChangePoint c = ChangePoint.of(v);
        assertThat(c.index()).isEqualTo(6);
        assertThat(c.before()).isCloseTo(10, within(1e-9));
        assertThat(c.after()).isCloseTo(20, within(1e-9));
        assertThat(c.shift()).isGreaterThan(5).isLessThan(ChangePoint.MAX_SHIFT);
    }

    @Test
    void aFlatSeriesLeavingZeroIsABoundedMoveNotABillionSigmas() {
        ChangePoint up = ChangePoint.of(new double[] {0, 0, 0, 0, 0, 0, 1, 1, 1});
        assertThat(up.index()).isEqualTo(6);
        assertThat(up.shift()).isEqualTo(ChangePoint.MAX_SHIFT);
        ChangePoint down = ChangePoint.of(new double[] {1, 1, 1, 1, 0, 0, 0});
        assertThat(down.shift()).isEqualTo(-ChangePoint.MAX_SHIFT);
        ChangePoint tiny = ChangePoint.of(new double[] {0, 0, 0, 0.001, 0.001, 0.001});
        assertThat(Math.abs(tiny.shift())).isLessThanOrEqualTo(ChangePoint.MAX_SHIFT);
    }

    @Test
    void tooShortOrFlatIsNoShift() {
        assertThat(ChangePoint.of(new double[] {1, 2, 3}).shift()).isZero();
        assertThat(ChangePoint.of(new double[] {5, 5, 5, 5, 5, 5, 5}).shift()).isZero();
    }
}
