package dev.pid1.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pid1.test.PidNamespace;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot app as PID 1 of a fresh PID namespace gets SIGTERM, as from
 * {@code docker stop}: after its context has closed, the descendant that handles SIGTERM
 * runs its handler, the one that ignores it is killed after the grace, nothing is left,
 * and the endpoint counted both.
 *
 * @author pid1 authors
 */
class ReaperShutdownTests {

	@TempDir
	Path temp;

	@Test
	void descendantsAreTerminatedThenKilledAsAPostCloseActionOfPid1Shutdown() throws Exception {
		String output = stopWithSigterm();
		assertThat(output).contains("post-close: stop the descendants left (SIGTERM, 1000 ms grace, SIGKILL)");
	}

	@Test
	void descendantsAreTerminatedThenKilledByASpringShutdownHandlerWithoutPid1Shutdown() throws Exception {
		String output = stopWithSigterm("--pid1.shutdown.enabled=false");
		assertThat(output).doesNotContain("post-close:");
	}

	private String stopWithSigterm(String... springArguments) throws Exception {
		Path scripts = Path.of(getClass().getResource("/dev/pid1/reaping/orphan-storm.sh").toURI()).getParent();
		Path marker = this.temp.resolve("handled");
		List<String> options = new ArrayList<>(
				List.of("-XX:TieredStopAtLevel=1", "-Xmx256m", "--add-opens=java.base/java.lang=ALL-UNNAMED"));
		if (Runtime.version().feature() >= 22) {
			options.add("--enable-native-access=ALL-UNNAMED");
		}
		try (PidNamespace.Namespace namespace = PidNamespace.start(
				PidNamespace.java(options, ReaperShutdownApp.class.getName(),
						arguments(scripts.toString(), marker.toString(), springArguments)),
				this.temp.resolve("app.log"))) {
			assertThat(namespace.awaitOutput("READY", 120_000)).as(namespace.output()).isTrue();
			assertThat(namespace.output()).contains("pid1: reaping zombies as PID 1 in exact mode")
				.contains("READY reaped=300 sleeps=2");
			namespace.signalInit("TERM");
			Integer exit = namespace.waitFor(60_000);
			String output = namespace.output();
			assertThat(exit).as(output).isEqualTo(143);
			assertThat(Files.readString(marker).trim()).isEqualTo("handled");
			// The handler's shell and its sleep ended on SIGTERM; the ignoring shell and
			// its
			// sleep were killed after the 1 s grace.
			assertThat(output).contains("ENDPOINT mode=exact reaped=").contains("terminated=2 killed=2 zombies=0");
			assertThat(output).contains("2 ended after SIGTERM, 2 killed after the 1000 ms grace");
			assertThat(output).contains("LEFT processes=0");
			return output;
		}
	}

	private static String[] arguments(String scripts, String marker, String... springArguments) {
		List<String> arguments = new ArrayList<>(List.of(scripts, marker));
		arguments.addAll(List.of(springArguments));
		return arguments.toArray(String[]::new);
	}

}
