package dev.pid1.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pid1.diagnosis.ProcessDiagnosis;
import dev.pid1.diagnosis.SignalPath;
import dev.pid1.diagnosis.SignalPath.Hop;
import dev.pid1.diagnosis.SignalPath.Kind;
import dev.pid1.diagnosis.SignalPath.KillBudget;
import dev.pid1.diagnosis.SignalPath.Verdict;
import dev.pid1.environment.ContainerInfo;
import dev.pid1.environment.EnvironmentFacts;
import dev.pid1.grpc.GrpcDrainState;
import dev.pid1.grpc.GrpcDrainStatus;
import dev.pid1.platform.NativeBackend;
import dev.pid1.platform.ProcessPlatform.Support;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReapedProcess;
import dev.pid1.reaping.ReaperProblem;
import dev.pid1.reaping.ReaperStatus;
import dev.pid1.shutdown.DrainEnd;
import dev.pid1.shutdown.ShutdownPhase;
import dev.pid1.shutdown.ShutdownStatus;
import dev.pid1.shutdown.ShutdownTrigger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the JSON of {@code /actuator/pid1} as the actuator's own JSON mapper writes it
 * (what users, scripts and the test kit read), from fixed domain states.
 *
 * @author pid1 authors
 */
class Pid1DescriptorJsonTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonEndpointAutoConfiguration.class));

	@Test
	void aReaperAndADrainingShutdownWithAGrpcServer() {
		Hop tini = new Hop(1, "tini", Kind.INIT_CHILD, 1, true, false, List.of("-g"), true, null,
				"relays TERM to its child and exits when it exits", null, null);
		Hop timeout = new Hop(7, "timeout", Kind.RELAY, 1, true, false, List.of(), true, "timeout -k 5 60 java",
				"relays TERM to its child and waits", Duration.ofSeconds(5), "timeout -k 5");
		Hop java = new Hop(9, "java", Kind.JVM, 1, true, false, List.of(), true, null, null, null, null);
		SignalPath path = new SignalPath(Verdict.CUT_SHORT, List.of(tini, timeout, java), 7L, "timeout kills the JVM",
				"raise -k", new KillBudget(7, "timeout", Duration.ofSeconds(5), "timeout -k 5", Duration.ofSeconds(53),
						"drain up to 20 s + 30 s + 3 s = 53 s > 5 s", false));
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(
				new EnvironmentFacts(9, false, new ContainerInfo(true, "docker", "/.dockerenv"), true), 7, Boolean.TRUE,
				new Support(true, "FFM (Java 25), pidfd", null, NativeBackend.FFM, "Java 25"), true, path);
		ReaperStatus reaper = new ReaperStatus(true, ReaperStatus.Mode.SAFE,
				"reaping zombies as a child subreaper in safe mode", 12, 1, 40,
				new ReapedProcess(33, "sleep", null, "KILL", Instant.parse("2026-12-01T10:15:30.123Z")));
		ShutdownStatus shutdown = new ShutdownStatus(ShutdownPhase.DRAINING, ShutdownTrigger.PRE_STOP, "drain started",
				1500L, true, null, null, 2000L, 18500L, 42, 12.5, 1800, 1, 0,
				new ShutdownStatus.Settings(0, 2000, 20000, true, 5.0, 8.0, 300, 5000, 1000, 27000));
		GrpcDrainStatus grpc = new GrpcDrainStatus(GrpcDrainState.DRAINING, true, 3, 2, 17, 4);
		assertThat(json(Pid1Descriptor.of(diagnosis, reaper, new DescendantTerminator.Totals(3, 1), shutdown, grpc)))
			.isEqualTo(
					"""
							{"pid":9,"parentPid":7,"pid1":false,"subreaper":true,\
							"platform":{"supported":true,"detail":"FFM (Java 25), pidfd","backend":"FFM","backendReason":"Java 25"},\
							"container":{"detected":true,"runtime":"docker","evidence":"/.dockerenv"},"kubernetes":true,\
							"signals":{"termHandled":true},\
							"signalPath":{"verdict":"CUT_SHORT","hops":[\
							{"pid":1,"name":"tini","kind":"INIT_CHILD","processGroup":1,"catchesTerm":true,"ignoresTerm":false,\
							"flags":["-g"],"receivesTerm":true,"onTerm":"relays TERM to its child and exits when it exits"},\
							{"pid":7,"name":"timeout","kind":"RELAY","processGroup":1,"catchesTerm":true,"ignoresTerm":false,\
							"flags":[],"receivesTerm":true,"command":"timeout -k 5 60 java",\
							"onTerm":"relays TERM to its child and waits","killAfter":"PT5S","killAfterSource":"timeout -k 5"},\
							{"pid":9,"name":"java","kind":"JVM","processGroup":1,"catchesTerm":true,"ignoresTerm":false,\
							"flags":[],"receivesTerm":true}],\
							"breakingPid":7,"explanation":"timeout kills the JVM","fix":"raise -k",\
							"killBudget":{"pid":7,"name":"timeout","killAfter":"PT5S","source":"timeout -k 5",\
							"shutdownBudget":"PT53S","arithmetic":"drain up to 20 s + 30 s + 3 s = 53 s > 5 s","fits":false}},\
							"reaper":{"active":true,"mode":"safe","detail":"reaping zombies as a child subreaper in safe mode",\
							"reaped":12,"zombies":1,"peakZombies":40,\
							"lastReaped":{"pid":33,"command":"sleep","signal":"KILL","reapedAt":"2026-12-01T10:15:30.123Z"},\
							"children":{"terminated":3,"killed":1}},\
							"shutdown":{"phase":"DRAINING","trigger":"PRE_STOP","lastEvent":"drain started","elapsedMillis":1500,\
							"drain":true,"drainTimeLeftMillis":2000,"drainMaxLeftMillis":18500,"requestsDuringDrain":42,\
							"requestRate":12.5,"silenceNeededMillis":1800,"signals":1,"repeatedSignals":0,\
							"settings":{"drainMinMillis":0,"quietPeriodMillis":2000,"drainMaxMillis":20000,"adaptive":true,\
							"adaptiveMinRate":5.0,"adaptiveGaps":8.0,"silenceMinMillis":300,"windowMillis":5000,\
							"signalBurstWindowMillis":1000,"deadlineMillis":27000}},\
							"grpc":{"state":"DRAINING","serving":true,"healthServicesNotServing":3,"connectionsGoneAway":2,\
							"callsDuringDrain":17,"callsInFlight":4}}""");
	}

	@Test
	void anInertPlatformWithoutReaperOrShutdown() {
		SignalPath path = new SignalPath(Verdict.NOT_APPLICABLE,
				List.of(new Hop(4242, "java", Kind.JVM, 4242, true, false, List.of(), false, null, null, null, null)),
				null, "not in a container", null, null);
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(
				new EnvironmentFacts(4242, false, ContainerInfo.none(), false), 100, null,
				Support.unsupported("no JNA"), false, path);
		assertThat(json(Pid1Descriptor.of(diagnosis, null, new DescendantTerminator.Totals(0, 0), null, null)))
			.isEqualTo(
					"""
							{"pid":4242,"parentPid":100,"pid1":false,"platform":{"supported":false,"detail":"no JNA","backend":"NONE","backendReason":"no JNA"},\
							"container":{"detected":false},"kubernetes":false,"signals":{"termHandled":false},\
							"signalPath":{"verdict":"NOT_APPLICABLE","hops":[{"pid":4242,"name":"java","kind":"JVM",\
							"processGroup":4242,"catchesTerm":true,"ignoresTerm":false,"flags":[],"receivesTerm":false}],\
							"explanation":"not in a container"}}""");
	}

	@Test
	void aShutdownThatEndedWithoutDrainAndAReaperNotStarted() {
		SignalPath path = new SignalPath(Verdict.GRACEFUL,
				List.of(new Hop(1, "java", Kind.JVM, 1, true, false, List.of(), true, null, null, null, null)), null,
				"SIGTERM reaches the JVM", null, null);
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(
				new EnvironmentFacts(1, true, new ContainerInfo(true, "podman", "/run/.containerenv"), false), 0,
				Boolean.FALSE, Support.supported("JNA"), true, path);
		ReaperStatus reaper = new ReaperStatus(false, null, "not started yet", 0, 0, 0, null);
		ShutdownStatus shutdown = new ShutdownStatus(ShutdownPhase.CLOSED, ShutdownTrigger.SIGTERM, "closed", 800L,
				false, "pid1.shutdown.drain=never", DrainEnd.SKIPPED, null, null, 0, 0.0, 0, 1, 0,
				new ShutdownStatus.Settings(0, 2000, 20000, false, 5.0, 8.0, 300, 5000, 1000, 27000));
		assertThat(json(Pid1Descriptor.of(diagnosis, reaper, new DescendantTerminator.Totals(0, 0), shutdown, null)))
			.contains("\"pid1\":true,\"subreaper\":false,")
			.contains("\"reaper\":{\"active\":false,\"detail\":\"not started yet\",\"reaped\":0,\"zombies\":0,"
					+ "\"peakZombies\":0,\"children\":{\"terminated\":0,\"killed\":0}}")
			.contains("\"shutdown\":{\"phase\":\"CLOSED\",\"trigger\":\"SIGTERM\",\"lastEvent\":\"closed\","
					+ "\"elapsedMillis\":800,\"drain\":false,\"noDrainReason\":\"pid1.shutdown.drain=never\","
					+ "\"drainEnd\":\"SKIPPED\",\"requestsDuringDrain\":0,\"requestRate\":0.0,");
	}

	@Test
	void aPid1ThatCannotReapSaysWhyAndWhatToChange() {
		SignalPath path = new SignalPath(Verdict.GRACEFUL,
				List.of(new Hop(1, "java", Kind.JVM, 1, true, false, List.of(), true, null, null, null, null)), null,
				"SIGTERM reaches the JVM", null, null);
		ProcessDiagnosis diagnosis = new ProcessDiagnosis(
				new EnvironmentFacts(1, true, new ContainerInfo(true, "docker", "/.dockerenv"), false), 0, null,
				Support.unsupported("JNA could not load its native library: noexec temp dir", "set -Djna.tmpdir"), true,
				path);
		ReaperStatus reaper = new ReaperStatus(false, null, "cannot reap zombies as PID 1", 0, 0, 0, null,
				new ReaperProblem("JNA could not load its native library: noexec temp dir", "set -Djna.tmpdir"));
		assertThat(json(Pid1Descriptor.of(diagnosis, reaper, new DescendantTerminator.Totals(0, 0), null, null)))
			.contains("\"platform\":{\"supported\":false,"
					+ "\"detail\":\"JNA could not load its native library: noexec temp dir\",\"fix\":\"set -Djna.tmpdir\","
					+ "\"backend\":\"NONE\",\"backendReason\":\"JNA could not load its native library: noexec temp dir\"}")
			.contains("\"reaper\":{\"active\":false,\"detail\":\"cannot reap zombies as PID 1\","
					+ "\"problem\":{\"cause\":\"JNA could not load its native library: noexec temp dir\","
					+ "\"fix\":\"set -Djna.tmpdir\"},\"reaped\":0,");
	}

	private String json(Object descriptor) {
		String[] json = new String[1];
		this.runner
			.run((context) -> json[0] = context.getBean(EndpointJsonMapper.class).get().writeValueAsString(descriptor));
		return json[0];
	}

}
