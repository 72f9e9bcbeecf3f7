package dev.sluice.usage.event;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UsageEventIdsTests {

    @Test
    void idsAreVersion7WithTheRfcVariantAndCarryTheirMillisecond() {
        UUID id = UsageEventIds.at(1_763_776_000_123L);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_763_776_000_123L);
    }

    @Test
    void idsSortByTimeAndDoNotRepeat() {
        UUID earlier = UsageEventIds.at(1_000);
        UUID later = UsageEventIds.at(1_001);
        assertThat(earlier.toString()).isLessThan(later.toString());

        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(UsageEventIds.next())).isTrue();
        }
    }
}
