package io.processguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SchemaSyncTest {
  private static final Path DOCS = Path.of("../docs/processguard-policy.schema.json");

  private static JsonNode resource() throws Exception {
    try (InputStream in = PolicyLoader.class.getResourceAsStream("processguard-policy.schema.json")) {
      assertThat(in).as("schema on the classpath").isNotNull();
      return JsonMapper.shared().readTree(in);
    }
  }

  @Test
  void schema_everyKeyTheLoaderAccepts_isInTheSchemaAndViceVersa() throws Exception {
    JsonNode defs = resource().get("$defs");
    Set<String> withProperties = new TreeSet<>();
    for (String kind : defs.propertyNames()) {
      if (defs.get(kind).has("properties")) {
        withProperties.add(kind);
      }
    }
    assertThat(withProperties).isEqualTo(new TreeSet<>(Keys.BY_KIND.keySet()));
    for (String kind : Keys.BY_KIND.keySet()) {
      Set<String> schemaKeys = new TreeSet<>(defs.get(kind).get("properties").propertyNames());
      assertThat(schemaKeys).as("keys of %s", kind).isEqualTo(new TreeSet<>(Keys.BY_KIND.get(kind)));
      assertThat(defs.get(kind).get("additionalProperties").asBoolean()).as("%s is closed", kind).isFalse();
    }
  }

  @Test
  void schema_docsCopy_isTheClasspathCopy() throws Exception {
    assertThat(JsonMapper.shared().readTree(Files.readAllBytes(DOCS))).isEqualTo(resource());
  }
}
