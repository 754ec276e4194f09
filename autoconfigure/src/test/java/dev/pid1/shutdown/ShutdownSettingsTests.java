package dev.pid1.shutdown;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ShutdownSettings}, {@link AdaptiveDrain} and {@link ExitCodes}: the
 * derived deadline, and the invariants (the configured ranges are the properties'
 * validation's, tested with it).
 *
 * @author pid1 authors
 */
class ShutdownSettingsTests {

	@Test
	void theDeadlineIsTheGracePeriodMinusTheMarginButAtLeastHalfOfIt() {
		assertThat(ShutdownSettings.deadline(null, null)).isEqualTo(Duration.ofSeconds(27));
		assertThat(ShutdownSettings.deadline(null, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(57));
		assertThat(ShutdownSettings.deadline(null, Duration.ofSeconds(4))).isEqualTo(Duration.ofSeconds(2));
		assertThat(ShutdownSettings.deadline(Duration.ofSeconds(5), Duration.ofSeconds(60)))
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void settingsTheSequenceCannotRunAreRejectedWithoutPropertyNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Duration.ofSeconds(6), Duration.ofSeconds(5)))
			.withMessage("The shortest drain (6 s) exceeds the longest (5 s)");
		assertThatIllegalArgumentException().isThrownBy(() -> settings(Duration.ofSeconds(-1), Duration.ofSeconds(5)))
			.withMessage("The shortest drain must be 0 s or more, was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdaptiveDrain(true, 0, 8, Duration.ofMillis(250), Duration.ofSeconds(10)))
			.withMessageNotContaining("pid1.");
		assertThatIllegalArgumentException().isThrownBy(() -> ExitCodes.parse(Map.of("USR1", 0)))
			.withMessage("Unknown exit code key 'USR1': must be " + ExitCodes.KEYS);
	}

	@Test
	void exitCodeKeysAreSignalNamesOrTheirExitCodes() {
		assertThat(ExitCodes.exitCodeOf("TERM")).isEqualTo(143);
		assertThat(ExitCodes.exitCodeOf("sigint")).isEqualTo(130);
		assertThat(ExitCodes.exitCodeOf("129")).isEqualTo(129);
		assertThat(ExitCodes.exitCodeOf("128")).isNull();
		assertThat(ExitCodes.exitCodeOf("160")).isNull();
	}

	private static ShutdownSettings settings(Duration drainMin, Duration drainMax) {
		return new ShutdownSettings(DrainMode.ALWAYS, drainMin, drainMax, Duration.ofSeconds(2),
				AdaptiveDrain.defaults(), Duration.ofSeconds(1), Duration.ofSeconds(27), ExitCodes.defaults(), true);
	}

}
