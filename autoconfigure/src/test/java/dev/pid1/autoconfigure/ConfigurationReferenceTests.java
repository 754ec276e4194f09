package dev.pid1.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * Tests that {@code docs/configuration.md} and the configuration metadata the build
 * generates from {@link Pid1Properties} and {@link Pid1ConnectionsProperties} describe
 * the same properties, with the same types and defaults, and that the reference shows the
 * ranges the validation checks ({@link Pid1PropertyRanges}).
 *
 * @author pid1 authors
 */
class ConfigurationReferenceTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(pid1\\.[a-z0-9.*-]+)` \\|(.*)\\|$");

	private static final Pattern QUOTED = Pattern.compile("`([^`]+)`");

	private static final Map<String, String> TYPES = Map.of("java.time.Duration", "duration", "java.lang.Boolean",
			"boolean", "java.lang.Double", "number", "java.util.Set<java.lang.String>", "list",
			"java.util.Map<java.lang.String,java.lang.Integer>", "map");

	private static Map<String, Metadata> metadata;

	private static Map<String, Row> reference;

	@BeforeAll
	static void read() throws IOException {
		metadata = readMetadata();
		reference = readReference();
	}

	@Test
	void everyPropertyIsInBoth() {
		assertThat(reference.keySet()).as("properties of docs/configuration.md")
			.containsExactlyInAnyOrderElementsOf(metadata.keySet());
	}

	@Test
	void typesAgree() {
		assertAll(metadata.values()
			.stream()
			.filter((property) -> reference.containsKey(property.name()))
			.map((property) -> () -> assertThat(reference.get(property.name()).type()).as(property.name())
				.isEqualTo(typeInReference(property))));
	}

	@Test
	void defaultsAgree() {
		assertAll(metadata.values()
			.stream()
			.filter((property) -> reference.containsKey(property.name()))
			.map((property) -> () -> assertThat(defaultIn(reference.get(property.name()))).as(property.name())
				.isEqualTo(normalized(property.defaultValue(), property.type()))));
	}

	@Test
	void rangesAreTheValidationsRanges() {
		assertAll(Pid1PropertyRanges.ALL.stream().map((range) -> () -> {
			Row row = reference.get(range.name());
			assertThat(row).as(range.name() + " in docs/configuration.md").isNotNull();
			assertThat(row.accepted().replace("`", "")).as(range.name()).isEqualTo(range.accepted());
		}));
	}

	@Test
	void enumValuesAndBooleansAreListed() {
		assertAll(metadata.values()
			.stream()
			.filter((property) -> reference.containsKey(property.name()))
			.map((property) -> () -> {
				Class<?> type = enumType(property.type());
				Row row = reference.get(property.name());
				if (type != null) {
					assertThat(quoted(row.accepted())).as(property.name()).isEqualTo(valuesOf(type));
				}
				else if (property.type().equals("java.lang.Boolean")) {
					assertThat(row.accepted()).as(property.name()).isEqualTo("`true`, `false`");
				}
				else {
					assertThat(row.accepted()).as(property.name()).isNotBlank();
				}
			}));
	}

	@Test
	void everyPropertyIsDescribed() {
		assertAll(reference.values()
			.stream()
			.map((row) -> () -> assertThat(row.description()).as(row.name()).hasSizeGreaterThan(20)));
	}

	private static String typeInReference(Metadata property) {
		if (enumType(property.type()) != null) {
			return "enum";
		}
		String type = TYPES.get(property.type());
		assertThat(type).as("the reference's word for " + property.type() + " (add it to TYPES)").isNotNull();
		return type;
	}

	/**
	 * The default a row shows: its first quoted value, or {@code null} when it shows none
	 * (no default, or one that depends on other settings).
	 */
	private static String defaultIn(Row row) {
		List<String> quoted = quoted(row.defaultValue());
		return quoted.isEmpty() ? null : normalized(quoted.get(0), row.type());
	}

	private static String normalized(String value, String type) {
		if (value == null) {
			return null;
		}
		if (type.equals("duration") || type.equals("java.time.Duration")) {
			return DurationStyle.detectAndParse(value).toString();
		}
		if (type.equals("number") || type.equals("java.lang.Double")) {
			return String.valueOf(Double.parseDouble(value));
		}
		return value.toLowerCase(Locale.ROOT);
	}

	private static List<String> quoted(String text) {
		List<String> values = new ArrayList<>();
		Matcher matcher = QUOTED.matcher(text);
		while (matcher.find()) {
			values.add(matcher.group(1));
		}
		return values;
	}

	private static Class<?> enumType(String type) {
		try {
			Class<?> candidate = Class.forName(type);
			return candidate.isEnum() ? candidate : null;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static List<String> valuesOf(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((value) -> ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Metadata> readMetadata() throws IOException {
		Map<String, Metadata> properties = new LinkedHashMap<>();
		for (URL url : Collections.list(ConfigurationReferenceTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			if (!url.getProtocol().equals("file")) {
				continue; // another module's, in a jar
			}
			try (InputStream in = url.openStream()) {
				Map<String, Object> json = JsonParserFactory.getJsonParser()
					.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				for (Object entry : (List<Object>) json.get("properties")) {
					Map<String, Object> property = (Map<String, Object>) entry;
					String name = (String) property.get("name");
					if (name.startsWith("pid1.")) {
						Object defaultValue = property.get("defaultValue");
						properties.put(name, new Metadata(name, (String) property.get("type"),
								(defaultValue != null) ? String.valueOf(defaultValue) : null));
					}
				}
			}
		}
		assertThat(properties).as("pid1's generated configuration metadata").isNotEmpty();
		return properties;
	}

	private static Map<String, Row> readReference() throws IOException {
		// From autoconfigure/ or compatibility/boot41-autoconfigure/: the checkout's
		// docs.
		Path root = Path.of("").toAbsolutePath();
		while (root != null && !Files.isReadable(root.resolve("docs/configuration.md"))) {
			root = root.getParent();
		}
		assertThat(root).as("docs/configuration.md above " + Path.of("").toAbsolutePath()).isNotNull();
		Map<String, Row> rows = new LinkedHashMap<>();
		Set<String> duplicates = new TreeSet<>();
		for (String line : Files.readAllLines(root.resolve("docs/configuration.md"))) {
			Matcher matcher = ROW.matcher(line);
			if (matcher.matches()) {
				String[] cells = matcher.group(2).split(" \\| ", -1);
				assertThat(cells).as(line).hasSize(4);
				String name = matcher.group(1).replace(".*", "");
				Row row = new Row(name, cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim());
				if (rows.put(name, row) != null) {
					duplicates.add(name);
				}
			}
		}
		assertThat(duplicates).as("properties listed twice").isEmpty();
		return rows;
	}

	record Metadata(String name, String type, String defaultValue) {

	}

	record Row(String name, String type, String defaultValue, String accepted, String description) {

	}

}
