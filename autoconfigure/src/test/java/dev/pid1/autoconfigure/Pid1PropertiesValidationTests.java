package dev.pid1.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the validation of the bound properties: for every bounded property, the
 * accepted edge binds and the first value outside fails startup naming the property, the
 * value and the range; then the rules between properties.
 *
 * @author pid1 authors
 */
class Pid1PropertiesValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	/**
	 * Each edge: the accepted value next to it, the first value outside, how the report
	 * shows that value, the reason, and what else the case needs. The ranges are written
	 * here again on purpose: a change to {@link Pid1PropertyRanges} fails this test.
	 */
	static Stream<Edge> edges() {
		return Stream.of(edge("pid1.reaper.grace", "100ms", "99ms", "99 ms", "must be from 100 ms to 60 s"),
				edge("pid1.reaper.grace", "1m", "60001ms", "60001 ms", "must be from 100 ms to 60 s"),
				edge("pid1.reaper.interval", "1ms", "0", "0 s", "must be from 1 ms to 10 s"),
				edge("pid1.reaper.interval", "10s", "10001ms", "10001 ms", "must be from 1 ms to 10 s"),
				edge("pid1.children.grace", "100ms", "99ms", "99 ms", "must be from 100 ms to 300 s"),
				edge("pid1.children.grace", "5m", "300001ms", "300001 ms", "must be from 100 ms to 300 s"),
				edge("pid1.shutdown.drain-min", "0", "-1ms", "-1 ms", "must be 0 s or more; at most drain-max"),
				edge("pid1.shutdown.drain-max", "0", "-1ms", "-1 ms",
						"must be 0 s or more; less than the deadline, unless drain is never"),
				edge("pid1.shutdown.quiet-period", "0", "-1ms", "-1 ms", "must be 0 s or more"),
				edge("pid1.shutdown.signal-burst-window", "0", "-1ms", "-1 ms", "must be from 0 s to 10 s"),
				edge("pid1.shutdown.signal-burst-window", "10s", "10001ms", "10001 ms", "must be from 0 s to 10 s"),
				edge("pid1.shutdown.deadline", "1ms", "0", "0 s", "must be more than 0 s; less than grace-period",
						"pid1.shutdown.drain=never"),
				edge("pid1.shutdown.grace-period", "1ms", "0", "0 s", "must be more than 0 s",
						"pid1.shutdown.drain=never"),
				edge("pid1.shutdown.adaptive.min-rate", "1", "0.999", "0.999", "must be from 1 to 100000"),
				edge("pid1.shutdown.adaptive.min-rate", "100000", "100000.5", "100000.5", "must be from 1 to 100000"),
				edge("pid1.shutdown.adaptive.gaps", "2", "1.999", "1.999", "must be from 2 to 100"),
				edge("pid1.shutdown.adaptive.gaps", "100", "100.001", "100.001", "must be from 2 to 100"),
				edge("pid1.shutdown.adaptive.silence-min", "10ms", "9ms", "9 ms", "must be from 10 ms to 60 s"),
				edge("pid1.shutdown.adaptive.silence-min", "1m", "60001ms", "60001 ms", "must be from 10 ms to 60 s"),
				edge("pid1.shutdown.adaptive.window", "1s", "999ms", "999 ms", "must be from 1 s to 60 s"),
				edge("pid1.shutdown.adaptive.window", "1m", "60001ms", "60001 ms", "must be from 1 s to 60 s"),
				edge("pid1.shutdown.exit-codes.TERM", "0", "-1", "-1", "must be from 0 to 255; keys: " + KEYS),
				edge("pid1.shutdown.exit-codes.TERM", "255", "256", "256", "must be from 0 to 255; keys: " + KEYS),
				edge("pid1.connections.final-go-away-delay", "0", "-1ms", "-1 ms", "must be 0 s or more"),
				edge("pid1.connections.sweep-interval", "1ms", "0", "0 s", "must be more than 0 s"),
				edge("pid1.grpc.new-connection-go-away-delay", "0", "-1ms", "-1 ms", "must be from 0 s to 60 s"),
				edge("pid1.grpc.new-connection-go-away-delay", "1m", "60001ms", "60001 ms",
						"must be from 0 s to 60 s"));
	}

	private static final String KEYS = "TERM, INT, HUP (with or without SIG) or an exit code from 129 to 159";

	@ParameterizedTest
	@MethodSource("edges")
	void theAcceptedEdgeBinds(Edge edge) {
		this.runner.withPropertyValues(edge.with(edge.accepted())).run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@MethodSource("edges")
	void theFirstValueOutsideFailsNamingPropertyValueAndRange(Edge edge) {
		this.runner.withPropertyValues(edge.with(edge.rejected()))
			.run((context) -> assertThat(Rejection.single(context))
				.isEqualTo(new Rejection(edge.property(), edge.shown(), edge.reason())));
	}

	@Test
	void everyRangeOfTheTableHasItsEdgesTested() {
		assertThat(edges().map((edge) -> edge.property().replace(".exit-codes.TERM", ".exit-codes")).distinct())
			.containsExactlyInAnyOrderElementsOf(Pid1PropertyRanges.ALL.stream().map(PropertyRange::name).toList());
	}

	@Test
	void everyRejectionIsReportedAtOnce() {
		this.runner.withPropertyValues("pid1.reaper.grace=5ms", "pid1.shutdown.quiet-period=-1s")
			.run((context) -> assertThat(Rejection.of(context)).extracting(Rejection::property)
				.containsExactly("pid1.reaper.grace", "pid1.shutdown.quiet-period"));
	}

	@Test
	void theFfmBackendIsAcceptedOnlyFromJava22() {
		int java = Runtime.version().feature();
		this.runner.withPropertyValues("pid1.native.backend=jna").run((context) -> assertThat(context).hasNotFailed());
		if (java >= 22) {
			this.runner.withPropertyValues("pid1.native.backend=ffm")
				.run((context) -> assertThat(context).hasNotFailed());
		}
		else {
			this.runner.withPropertyValues("pid1.native.backend=ffm")
				.run((context) -> assertThat(Rejection.single(context)).isEqualTo(new Rejection("pid1.native.backend",
						"ffm", "the foreign function API needs Java 22+ and this is Java " + java
								+ ": use auto (FFM on Java 22+, JNA before) or jna")));
		}
	}

	@Test
	void theShortestDrainMayEqualTheLongestButNotExceedIt() {
		this.runner.withPropertyValues("pid1.shutdown.drain-min=5s", "pid1.shutdown.drain-max=5s")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("pid1.shutdown.drain-min=5001ms", "pid1.shutdown.drain-max=5s")
			.run((context) -> assertThat(Rejection.single(context)).isEqualTo(new Rejection("pid1.shutdown.drain-min",
					"5001 ms", "must be at most pid1.shutdown.drain-max (5 s)")));
	}

	@Test
	void theDeadlineComesBeforeTheEndOfTheGracePeriod() {
		this.runner
			.withPropertyValues("pid1.shutdown.grace-period=20s", "pid1.shutdown.deadline=19999ms",
					"pid1.shutdown.drain-max=5s")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner
			.withPropertyValues("pid1.shutdown.grace-period=20s", "pid1.shutdown.deadline=20s",
					"pid1.shutdown.drain-max=5s")
			.run((context) -> assertThat(Rejection.single(context)).isEqualTo(new Rejection("pid1.shutdown.deadline",
					"20 s",
					"must be less than pid1.shutdown.grace-period (20 s), or the orchestrator SIGKILLs the JVM first")));
	}

	@Test
	void theDrainEndsBeforeTheDeadlineUnlessItNeverDrains() {
		this.runner.withPropertyValues("pid1.shutdown.deadline=10s", "pid1.shutdown.drain-max=9999ms")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("pid1.shutdown.deadline=10s", "pid1.shutdown.drain-max=10s")
			.run((context) -> assertThat(Rejection.single(context)).isEqualTo(new Rejection("pid1.shutdown.drain-max",
					"10 s",
					"must be less than the deadline (10 s), leaving time to close, unless pid1.shutdown.drain is never")));
		this.runner
			.withPropertyValues("pid1.shutdown.deadline=10s", "pid1.shutdown.drain-max=30s",
					"pid1.shutdown.drain=never")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theDeadlineTheGracePeriodSetsBoundsTheDrain() {
		// A bare number of seconds, as the manifest's terminationGracePeriodSeconds: the
		// deadline is 7 s, and the default drain maximum of 20 s cannot end before it.
		this.runner.withPropertyValues("pid1.shutdown.grace-period=10")
			.run((context) -> assertThat(Rejection.single(context)).isEqualTo(new Rejection("pid1.shutdown.drain-max",
					"20 s",
					"must be less than the deadline (7 s), leaving time to close, unless pid1.shutdown.drain is never")));
		this.runner.withPropertyValues("pid1.shutdown.grace-period=10", "pid1.shutdown.drain-max=6999ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void exitCodeKeysAreSignalsOrTheExitCodesOfSignals() {
		this.runner.withPropertyValues("pid1.shutdown.exit-codes.TERM=0", "pid1.shutdown.exit-codes.SIGINT=0",
				"pid1.shutdown.exit-codes.hup=0", "pid1.shutdown.exit-codes.129=0", "pid1.shutdown.exit-codes.159=0")
			.run((context) -> assertThat(context).hasNotFailed());
		for (String key : List.of("128", "160", "USR1")) {
			this.runner.withPropertyValues("pid1.shutdown.exit-codes." + key + "=0")
				.run((context) -> assertThat(Rejection.single(context))
					.isEqualTo(new Rejection("pid1.shutdown.exit-codes." + key, 0, "the key must be " + KEYS)));
		}
	}

	@Test
	void theSettingsOfAPartSwitchedOffAreNotChecked() {
		this.runner.withPropertyValues("pid1.reaper.mode=off", "pid1.reaper.grace=5ms", "pid1.children.grace=0")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("pid1.shutdown.enabled=false", "pid1.shutdown.drain-max=-1s")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("pid1.connections.enabled=false", "pid1.connections.sweep-interval=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private static Edge edge(String property, String accepted, String rejected, String shown, String reason,
			String... others) {
		return new Edge(property, accepted, rejected, shown, reason, List.of(others));
	}

	record Edge(String property, String accepted, String rejected, String shown, String reason, List<String> others) {

		String[] with(String value) {
			List<String> properties = new ArrayList<>(this.others);
			properties.add(this.property + "=" + value);
			return properties.toArray(String[]::new);
		}

		@Override
		public String toString() {
			return this.property + " " + this.accepted + " / " + this.rejected;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ Pid1Properties.class, Pid1ConnectionsProperties.class, Pid1GrpcProperties.class })
	static class PropertiesConfiguration {

	}

}
