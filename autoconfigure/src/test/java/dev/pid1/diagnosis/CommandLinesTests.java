package dev.pid1.diagnosis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CommandLines}: which parts of a command line are values, and the key
 * each is offered under.
 *
 * @author pid1 authors
 */
class CommandLinesTests {

	private final List<String> keys = new ArrayList<>();

	private final ValueSanitizer masksPasswords = (key, value) -> {
		this.keys.add(key);
		return key.toLowerCase().contains("password") ? "******" : value;
	};

	@Test
	void eachSettingIsOfferedUnderItsKey() {
		assertThat(show("java", "-Dspring.datasource.password=s3cret", "-Xmx512m", "-jar", "app.jar",
				"--spring.datasource.password=s3cret", "-password=s3cret", "--server.port=8080"))
			.isEqualTo("java -Dspring.datasource.password=****** -Xmx512m -jar app.jar "
					+ "--spring.datasource.password=****** -password=****** --server.port=8080");
		assertThat(this.keys).containsExactly("spring.datasource.password", "spring.datasource.password", "password",
				"server.port");
	}

	@Test
	void aValueWithSpacesIsOneValue() {
		assertThat(show("java", "-Ddb.password=two words", "-jar", "app.jar"))
			.isEqualTo("java -Ddb.password=****** -jar app.jar");
	}

	@Test
	void optionsPassedOnAsOneArgumentAreLookedAtOneByOne() {
		assertThat(show("sh", "/app/start.sh", "-Dapp.name=orders -Dspring.datasource.password=s3cret"))
			.isEqualTo("sh /app/start.sh -Dapp.name=orders -Dspring.datasource.password=******");
	}

	@Test
	void aScriptIsLookedAtWordByWord() {
		assertThat(show("sh", "-c", "DB_PASSWORD=s3cret exec java -Dspring.datasource.password=s3cret -jar app.jar"))
			.isEqualTo("sh -c DB_PASSWORD=****** exec java -Dspring.datasource.password=****** -jar app.jar");
	}

	@Test
	void aValueInAnArgumentOfItsOwnHasNoKey() {
		// The limit, kept as a negative control: nothing names what "s3cret" is.
		assertThat(show("app", "--password", "s3cret")).isEqualTo("app --password s3cret");
		assertThat(this.keys).isEmpty();
	}

	@Test
	void noneShowsTheCommandLineAsItIs() {
		List<String> argv = List.of("java", "-Dspring.datasource.password=s3cret", "-jar", "app.jar");
		assertThat(CommandLines.show(argv, ValueSanitizer.NONE)).isEqualTo(String.join(" ", argv));
	}

	private String show(String... argv) {
		return CommandLines.show(List.of(argv), this.masksPasswords);
	}

}
