package dev.pid1.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pid1.actuate.Pid1Endpoint;
import dev.pid1.diagnosis.ProcessDiagnostics;
import dev.pid1.grpc.GrpcDrain;
import dev.pid1.grpc.GrpcDrainStatus;
import dev.pid1.reaping.DescendantTerminator;
import dev.pid1.reaping.ReaperMode;
import dev.pid1.reaping.ZombieReaper;
import dev.pid1.shutdown.ShutdownCoordinator;

/**
 * Auto-configuration for the {@link Pid1Endpoint}.
 *
 * @author pid1 authors
 */
@AutoConfiguration(after = { Pid1AutoConfiguration.class, Pid1ReaperAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ProcessDiagnostics.class)
@ConditionalOnAvailableEndpoint(Pid1Endpoint.class)
public final class Pid1EndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Pid1Endpoint pid1Endpoint(ProcessDiagnostics diagnostics, Pid1Properties properties,
			ObjectProvider<ZombieReaper> reaper, ObjectProvider<DescendantTerminator> terminator,
			ObjectProvider<ShutdownCoordinator> shutdown, ObjectProvider<GrpcDrain> grpc,
			ObjectProvider<SanitizingFunction> sanitizingFunctions) {
		// pid1.reaper.mode=off leaves the reaper's beans idle: no reaper section.
		boolean reaping = properties.getReaper().getMode() != ReaperMode.OFF;
		return new Pid1Endpoint(diagnostics, properties.getDiagnostics().getShowValues(),
				properties.getDiagnostics().getRoles(), sanitizingFunctions.orderedStream().toList(),
				reaping ? reaper.getIfAvailable() : null, reaping ? terminator.getIfAvailable() : null,
				shutdown.getIfAvailable(), grpcStatus(grpc.getIfAvailable()));
	}

	// GrpcDrain and its status need no gRPC class: this configuration loads none when
	// gRPC is not on the class path (there is no drain bean then).
	private static @Nullable Supplier<GrpcDrainStatus> grpcStatus(@Nullable GrpcDrain drain) {
		return (drain != null) ? drain::status : null;
	}

}
