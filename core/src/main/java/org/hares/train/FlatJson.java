package org.hares.train;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-level JSON objects of a run folder ({@code config.json}, a checkpoint's {@code state.json}):
 * names to strings, numbers, booleans, null or lists of strings; records map to them by their
 * components, camelCase names written snake_case.
 */
final class FlatJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FlatJson() {}

    static String write(Map<String, Object> values) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v == null) {
                    g.writeNull();
                } else if (v instanceof List<?> list) {
                    g.writeStartArray();
                    for (Object item : list) {
                        g.writeString(item.toString());
                    }
                    g.writeEndArray();
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (v instanceof Integer || v instanceof Long) {
                    g.writeNumber(((Number) v).longValue());
                } else if (v instanceof Number n) {
                    g.writeNumber(n.doubleValue());
                } else {
                    g.writeString(v.toString());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out + "\n";
    }

    static Map<String, Object> read(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                out.put(name, switch (t) {
                    case VALUE_NULL -> null;
                    case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                    case VALUE_NUMBER_INT -> p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_STRING -> p.getText();
                    case START_ARRAY -> {
                        List<String> list = new ArrayList<>();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            list.add(p.getText());
                        }
                        yield list;
                    }
                    default -> throw new IllegalArgumentException("unexpected " + t + " for '" + name + "'");
                });
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        return out;
    }

    static Map<String, Object> of(Record record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(record);
                out.put(snake(c.getName()), v instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The record of {@code type} from the values of {@link #of}; every component must be present. */
    static <R extends Record> R to(Class<R> type, Map<String, Object> values) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String name = snake(c.getName());
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' missing");
            }
            types[i] = c.getType();
            args[i] = convert(values.get(name), c.getType(), name);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Object v, Class<?> type, String name) {
        try {
            if (type == int.class) {
                return Math.toIntExact((Long) v);
            } else if (type == long.class) {
                return (Long) v;
            } else if (type == double.class) {
                return ((Number) v).doubleValue();
            } else if (type == boolean.class) {
                return (Boolean) v;
            } else if (type.isEnum()) {
                return Enum.valueOf((Class) type, ((String) v).toUpperCase(Locale.ROOT));
            } else if (type == List.class) {
                return List.copyOf((List<String>) v);
            }
            return (String) v;
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + name + "' has the wrong type (" + v + ")", e);
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
