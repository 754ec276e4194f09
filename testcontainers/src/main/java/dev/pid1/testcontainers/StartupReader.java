package dev.pid1.testcontainers;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads pid1's report: {@code /actuator/pid1} when it answers, else pid1's startup line
 * from the log, else the verdict that there is no pid1.
 *
 * @author pid1 authors
 */
final class StartupReader {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern VERDICT = Pattern
		.compile("^(.*?): (GRACEFUL|DROPPED|CUT_SHORT|UNKNOWN|NOT_APPLICABLE)(?: - (.*?))?(?:\\. Fix: (.*))?$");

	private static final Pattern INERT_END = Pattern.compile("\\); (?=PID 1|pid \\d)");

	/** How pid1's startup line says that the JVM is PID 1 and cannot reap. */
	private static final String NOT_REAPED = "; zombies: NOT REAPED - ";

	private StartupReader() {
	}

	/**
	 * Polls the endpoint and the log until one tells. Once the app answers but has no
	 * endpoint, the startup line gets {@code absentAfter} to appear (pid1 writes it on a
	 * background thread just after startup).
	 */
	static StartupReport read(Endpoints endpoints, int managementPort, Duration timeout, Duration absentAfter) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long absentDeadline = Long.MAX_VALUE;
		long settleDeadline = Long.MAX_VALUE;
		while (true) {
			try {
				HttpResponse<String> response = endpoints.get(managementPort, "/actuator/pid1", Duration.ofSeconds(10));
				if (response.statusCode() == 200) {
					// pid1 loads its native platform, then decides the reaper, on a
					// background thread just after startup: read the state once settled.
					settleDeadline = Math.min(settleDeadline, System.nanoTime() + SETTLE.toNanos());
					if (settled(response.body()) || System.nanoTime() > settleDeadline) {
						return fromEndpoint(response.body(), line(endpoints.logs()));
					}
					Endpoints.sleep(100);
					continue;
				}
				absentDeadline = Math.min(absentDeadline, System.nanoTime() + absentAfter.toNanos());
			}
			catch (IOException ex) {
				// not exposed on this port, or not up yet: the log tells
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
			String line = line(endpoints.logs());
			if (line != null) {
				return fromLine(line);
			}
			long now = System.nanoTime();
			if (now > deadline || now > absentDeadline) {
				return StartupReport.ABSENT;
			}
			Endpoints.sleep(250);
		}
	}

	/** How long the endpoint may say the reaper is not decided yet. */
	private static final Duration SETTLE = Duration.ofSeconds(15);

	/**
	 * Whether the endpoint shows the state pid1 settles in: the reaper decided (it is
	 * pending while the native platform loads).
	 */
	static boolean settled(String body) {
		return !JSON.readTree(body).at("/reaper/detail").asString("").startsWith("not started yet");
	}

	/**
	 * pid1's startup line in a log: the whole line in plain text, its message under
	 * structured logging.
	 * @param logs the log
	 * @return the line, or {@code null}
	 */
	static @Nullable String line(String logs) {
		return LogLine.pid1Messages(logs, "; signal path ")
			.filter((message) -> message.contains("pid1: "))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Parses pid1's startup line.
	 * @param line the line
	 * @return the report
	 */
	static StartupReport fromLine(String line) {
		String rest = line.substring(line.indexOf("pid1: ") + "pid1: ".length());
		boolean inert = rest.startsWith("inert (");
		@Nullable String detail = null;
		if (inert) {
			Matcher end = INERT_END.matcher(rest);
			if (end.find()) {
				detail = rest.substring("inert (".length(), end.start());
				rest = rest.substring(end.end());
			}
		}
		@Nullable Boolean jvmIsPid1 = rest.startsWith("PID 1") ? Boolean.TRUE : rest.startsWith("pid ") ? Boolean.FALSE : null;
		int pathStart = rest.indexOf("; signal path ");
		@Nullable String reapingProblem = null;
		int notReaped = rest.indexOf(NOT_REAPED);
		if (notReaped >= 0 && notReaped < pathStart) {
			reapingProblem = ((detail != null) ? detail + ": " : "")
					+ rest.substring(notReaped + NOT_REAPED.length(), pathStart);
		}
		String path = rest.substring(pathStart + "; signal path ".length());
		Matcher matcher = VERDICT.matcher(path.strip());
		if (!matcher.matches()) {
			throw new IllegalStateException("Unexpected pid1 startup line: " + line);
		}
		return new StartupReport(StartupReport.Source.LOG, Verdict.valueOf(matcher.group(2)), jvmIsPid1, null, inert,
				detail, matcher.group(1), matcher.group(3), matcher.group(4), null, null, line, reapingProblem);
	}

	/**
	 * Parses {@code /actuator/pid1}'s answer.
	 * @param body the JSON
	 * @param line the startup line, if logged yet
	 * @return the report
	 */
	static StartupReport fromEndpoint(String body, @Nullable String line) {
		JsonNode json = JSON.readTree(body);
		JsonNode path = json.path("signalPath");
		List<String> hops = new ArrayList<>();
		for (JsonNode hop : path.path("hops")) {
			hops.add(hop.path("name").asString() + " (" + hop.path("pid").asLong() + ")");
		}
		JsonNode reaper = json.path("reaper");
		JsonNode problem = reaper.path("problem");
		JsonNode shutdown = json.path("shutdown");
		boolean supported = json.at("/platform/supported").asBoolean(true);
		return new StartupReport(StartupReport.Source.ENDPOINT, Verdict.valueOf(path.path("verdict").asString()),
				json.path("pid1").asBoolean(), json.at("/signals/termHandled").asBoolean(true), !supported,
				text(json.at("/platform/detail")), String.join(" -> ", hops), text(path.path("explanation")),
				text(path.path("fix")),
				reaper.isObject() ? new StartupReport.Reaper(reaper.path("active").asBoolean(),
						text(reaper.path("mode")), reaper.path("reaped").asLong()) : null,
				shutdown.isObject()
						? new StartupReport.Shutdown(shutdown.path("drain").asBoolean(),
								Duration.ofMillis(shutdownSettings(shutdown).path("drainMaxMillis").asLong()),
								Duration.ofMillis(shutdownSettings(shutdown).path("deadlineMillis").asLong()))
						: null,
				line,
				problem.isObject() ? problem.path("cause").asString()
						+ "; orphans re-parented to the JVM stay zombies. Fix: " + problem.path("fix").asString()
						: null);
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node == null || node.isMissingNode() || node.isNull()) ? null : node.asString();
	}

	/**
	 * The shutdown settings: under {@code settings} since pid1's second-generation
	 * shutdown, beside the state before it (an image may carry either).
	 */
	private static JsonNode shutdownSettings(JsonNode shutdown) {
		JsonNode settings = shutdown.path("settings");
		return settings.isObject() ? settings : shutdown;
	}

}
