package dev.ftprobe.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * Validation of a deployment file against a JSON schema kept in the test resources ({@code schemas/}, each with its
 * source and licence in {@code schemas/README.md}), by networknt's json-schema-validator: a maintained implementation
 * of drafts 4 to 2020-12 that reads Jackson trees, which the deployment tests already parse the files into.
 */
final class JsonSchemas {
    /** Draft 7 where a schema names none; both schemas used here are draft 7. Nothing is fetched over the network. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private JsonSchemas() {}

    /**
     * The violations of {@code schema} (a path under {@code schemas/}, with an optional JSON pointer fragment such as
     * {@code #/definitions/Options}) by {@code instance}: each its location in the instance and the message.
     */
    static List<String> errors(String schema, JsonNode instance) {
        List<Error> errors = REGISTRY.getSchema(SchemaLocation.of("classpath:schemas/" + schema))
                .validate(instance);
        return errors.stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }
}
