package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a label matcher compares a label's value (Prometheus' four matchers). */
public enum MatchOp {
    EQ("="),
    NE("!="),
    RE("=~"),
    NRE("!~");

    private final String symbol;

    MatchOp(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }

    @JsonCreator
    public static MatchOp of(String symbol) {
        for (MatchOp op : values()) {
            if (op.symbol.equals(symbol)) {
                return op;
            }
        }
        throw new IllegalArgumentException("must be one of =, !=, =~, !~ (got '" + symbol + "')");
    }
}
