package io.aimonitor.schemas.traces;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMessagesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "card 4242 declined for order 'A-17'|card ? declined for order ?",
                "user 3f2b8c1e-9a7d-4c2e-8f1a-0b9c8d7e6f5a not found|user ? not found",
                "timeout after 2.5s at 0xdeadbeef|timeout after ?s at ?",
                "no such key \"cart:991\"|no such key ?",
                "trace 4bf92f3577b34da6a3ce929d0e0e4736 dropped|trace ? dropped",
                "connection refused|connection refused"
            })
    void replacesTheVariableParts(String message, String normalised) {
        assertThat(ErrorMessages.normalise(message)).isEqualTo(normalised);
    }
}
