package dev.pid1.shutdown;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DrainDecision}.
 *
 * @author pid1 authors
 */
class DrainDecisionTests {

	@Test
	void neverDoesNotDrainWhateverTheEnvironment() {
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.NEVER, facts(true), () -> true))
			.isEqualTo("pid1.shutdown.drain=never");
	}

	@Test
	void autoDrainsAWebServerWhereTheEnvironmentCallsForIt() {
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.AUTO, facts(true), () -> true)).isNull();
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.AUTO, facts(false), () -> true))
			.isEqualTo("no container, Kubernetes or PID 1 (pid1.shutdown.drain=auto)");
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.AUTO, facts(true), () -> false)).isEqualTo("no web server");
	}

	@Test
	void alwaysDrainsAWebServerWithoutReadingTheEnvironment() {
		AtomicInteger reads = new AtomicInteger();
		Supplier<EnvironmentFacts> environment = () -> {
			reads.incrementAndGet();
			return facts(false).get();
		};
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.ALWAYS, environment, () -> true)).isNull();
		assertThat(DrainDecision.reasonNotToDrain(DrainMode.ALWAYS, environment, () -> false))
			.isEqualTo("no web server");
		assertThat(reads).hasValue(0);
	}

	private static Supplier<EnvironmentFacts> facts(boolean callsForDrain) {
		// PID 1 of a namespace without a container mark calls for a drain; a plain
		// process does not.
		EnvironmentFacts facts = new EnvironmentFacts(callsForDrain ? 1 : 4242, callsForDrain, ContainerInfo.none(),
				false);
		return () -> facts;
	}

}
