package org.factorline.shared;

import java.math.BigDecimal;
import java.util.Currency;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * How money and rates look in JSON: {@code {"amount": "7970.00", "currency": "USD"}} with the amount as
 * a string (no binary floating point on the way), and a rate as its percentage, {@code "2.5"}.
 */
@Configuration(proxyBeanMethods = false)
public class JsonValues {

    @Bean
    JacksonModule factorlineValues() {
        return module();
    }

    public static SimpleModule module() {
        SimpleModule m = new SimpleModule("factorline-values");
        m.addSerializer(Money.class, new ValueSerializer<>() {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeStartObject();
                gen.writeStringProperty("amount", value.amount().toPlainString());
                gen.writeStringProperty("currency", value.currency().getCurrencyCode());
                gen.writeEndObject();
            }
        });
        m.addDeserializer(Money.class, new ValueDeserializer<>() {
            @Override
            public Money deserialize(JsonParser p, DeserializationContext ctxt) {
                JsonNode node = ctxt.readTree(p);
                JsonNode amount = node.get("amount");
                JsonNode currency = node.get("currency");
                if (amount == null || amount.isNull() || currency == null || currency.isNull()) {
                    throw FactorlineException.invalid(
                            p.streamReadContext().currentName() == null
                                    ? "amount"
                                    : p.streamReadContext().currentName(),
                            node.toString(),
                            "money needs both \"amount\" and \"currency\"");
                }
                try {
                    return Money.of(new BigDecimal(amount.asString()), Currency.getInstance(currency.asString()));
                } catch (IllegalArgumentException e) {
                    throw FactorlineException.invalid(
                            "amount",
                            node.toString(),
                            e.getMessage() == null ? "is not an amount with a currency code" : e.getMessage());
                }
            }
        });
        m.addSerializer(Rate.class, new ValueSerializer<>() {
            @Override
            public void serialize(Rate value, JsonGenerator gen, SerializationContext ctxt) {
                gen.writeString(value.percent().toPlainString());
            }
        });
        m.addDeserializer(Rate.class, new ValueDeserializer<>() {
            @Override
            public Rate deserialize(JsonParser p, DeserializationContext ctxt) {
                String text = p.currentToken() == JsonToken.VALUE_STRING
                        ? p.getString()
                        : p.getNumberValue().toString();
                try {
                    return Rate.percent(text.strip());
                } catch (NumberFormatException e) {
                    throw FactorlineException.invalid(p.currentName(), text, "is not a percentage such as \"2.5\"");
                }
            }
        });
        return m;
    }
}
