package scratchnet.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run ids name files inside {@code runs/}: nothing that could leave it or hide there. */
class RunIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"nightly-2026-11-27", "20261127T010203.456Z", "a", "A_b.c-d", "7"})
    void validIdsAreKept(String id) {
        assertEquals(id, RunId.check(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", "a..b", "../../etc/passwd", ".hidden", "-x", "_x", "", "a b", "a\\b", "a:b", "x%2F", "ü"})
    void pathsAndOddCharactersAreRefused(String id) {
        InvalidRunIdException e = assertThrows(InvalidRunIdException.class, () -> RunId.check(id));
        assertEquals("--run-id '" + id + "' must be 1-128 letters, digits, '.', '_' or '-', start with a letter or digit, and hold no '..'", e.getMessage());
    }

    @Test
    void atMostA128CharacterId() {
        assertEquals(128, RunId.check("x".repeat(128)).length());
        assertThrows(InvalidRunIdException.class, () -> RunId.check("x".repeat(129)));
    }

    @Test
    void theDefaultIsTheStartInUtcToTheMillisecond() {
        assertEquals("20261127T010203.456Z", RunId.at(Instant.parse("2026-11-27T01:02:03.456789Z")));
        assertEquals("20261127T010203.000Z", RunId.check(RunId.at(Instant.parse("2026-11-27T01:02:03Z"))));
    }
}
