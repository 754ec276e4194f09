package dev.pid1.shutdown;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExcludedPath}.
 */
class ExcludedPathTests {

	@Test
	void eachPathExcludesItselfAndWhatLiesUnderIt() {
		ExcludedPath excluded = new ExcludedPath(List.of("/actuator", "livez", "/readyz/", "/healthz"));
		assertThat(excluded.paths()).containsExactly("/actuator", "/livez", "/readyz", "/healthz");
		assertThat(excluded.matches("/actuator/health/readiness")).isTrue();
		assertThat(excluded.matches("/livez")).isTrue();
		assertThat(excluded.matches("/readyz")).isTrue();
		assertThat(excluded.matches("/healthz")).isTrue();
		assertThat(excluded.matches("/livezz")).isFalse();
		assertThat(excluded.matches("/actuators")).isFalse();
		assertThat(excluded.matches("/hello")).isFalse();
		assertThat(excluded.matches(null)).isFalse();
	}

	@Test
	void theRootExcludesNothing() {
		// Every request would look like a probe.
		ExcludedPath excluded = new ExcludedPath(List.of("/", ""));
		assertThat(excluded.paths()).isEmpty();
		assertThat(excluded.matches("/hello")).isFalse();
		assertThat(new ExcludedPath((String) null).matches("/hello")).isFalse();
	}

	@Test
	void thePathsAreAskedForOnceAtTheFirstRequest() {
		AtomicInteger asked = new AtomicInteger();
		ExcludedPath.OnFirstRequest excluded = new ExcludedPath.OnFirstRequest(() -> {
			asked.incrementAndGet();
			return List.of("/livez");
		});
		assertThat(asked).hasValue(0);
		assertThat(excluded.matches("/livez")).isTrue();
		assertThat(excluded.matches("/hello")).isFalse();
		assertThat(asked).hasValue(1);
	}

}
