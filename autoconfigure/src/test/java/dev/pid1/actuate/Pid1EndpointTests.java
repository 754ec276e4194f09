package dev.pid1.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;

import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.diagnosis.ShowValues;
import dev.pid1.environment.EnvironmentDetector;
import dev.pid1.platform.PlatformLoader;

import static org.assertj.core.api.Assertions.assertThat;

class Pid1EndpointTests {

	private final PlatformLoader loader = new PlatformLoader(getClass().getClassLoader()).start();

	private final ProcessDiagnostics diagnostics = new ProcessDiagnostics(() -> this.loader.get(Duration.ofSeconds(20)),
			new EnvironmentDetector(false)::facts);

	@Test
	void describesThisProcess() {
		Pid1Descriptor descriptor = new Pid1Endpoint(this.diagnostics, ShowValues.NEVER, Set.of())
			.pid1(SecurityContext.NONE);
		assertThat(descriptor.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(descriptor.pid1()).isEqualTo(ProcessHandle.current().pid() == 1);
		assertThat(descriptor.signals().termHandled()).isTrue();
		assertThat(descriptor.signalPath().hops()).isNotEmpty();
		assertThat(descriptor.signalPath().hops().get(descriptor.signalPath().hops().size() - 1).pid())
			.isEqualTo(ProcessHandle.current().pid());
		assertThat(descriptor.platform().detail()).isNotBlank();
	}

	@Test
	void commandLinesFollowShowValues() {
		SecurityContext admin = new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "admin";
			}

			@Override
			public boolean isUserInRole(String role) {
				return "OPS".equals(role);
			}

		};
		assertThat(lastCommand(ShowValues.NEVER, Set.of(), admin)).isNull();
		assertThat(lastCommand(ShowValues.WHEN_AUTHORIZED, Set.of(), SecurityContext.NONE)).isNull();
		assertThat(lastCommand(ShowValues.WHEN_AUTHORIZED, Set.of("OPS"), admin)).contains("java");
		assertThat(lastCommand(ShowValues.WHEN_AUTHORIZED, Set.of("DEV"), admin)).isNull();
		assertThat(lastCommand(ShowValues.ALWAYS, Set.of(), SecurityContext.NONE)).contains("java");
	}

	private String lastCommand(ShowValues show, Set<String> roles, SecurityContext context) {
		var hops = new Pid1Endpoint(this.diagnostics, show, roles).pid1(context).signalPath().hops();
		return hops.get(hops.size() - 1).command();
	}

}
