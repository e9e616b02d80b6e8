package scratchnet.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import scratchnet.core.BadInputException;

/** The project's own Spark settings, checked before any work: an unknown name gets the closest, a malformed value its form. */
class ScratchnetSettingsTest {

    private static Properties of(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void wellFormedSettingsAndOthersPass() {
        ScratchnetSettings.check(of("spark.scratchnet.startTimeout", "2m", "spark.scratchnet.train.exchangeTimeout", "500ms",
                "spark.scratchnet.train.exchangePorts", "40000-40100", "spark.master", "local[2]"));
    }

    @Test
    void anUnknownOrMalformedSettingIsNamed() {
        BadInputException typo = assertThrows(BadInputException.class, () -> ScratchnetSettings.check(of("spark.scratchnet.train.slotWait", "5s")));
        assertEquals("--conf spark.scratchnet.train.slotWait: no such setting (did you mean spark.scratchnet.train.slotsWait?)", typo.getMessage());
        BadInputException form = assertThrows(BadInputException.class, () -> ScratchnetSettings.check(of("spark.scratchnet.executorWait", "soon")));
        assertEquals("--conf spark.scratchnet.executorWait=soon: not a duration (e.g. 30s, 2m, 500ms)", form.getMessage());
        BadInputException huge = assertThrows(BadInputException.class, () -> ScratchnetSettings.check(of("spark.scratchnet.startTimeout", "999d")));
        assertEquals("--conf spark.scratchnet.startTimeout=999d: must be between 0s and 24h", huge.getMessage());
        BadInputException ports = assertThrows(BadInputException.class, () -> ScratchnetSettings.check(of("spark.scratchnet.train.exchangePorts", "40s")));
        assertEquals("spark.scratchnet.train.exchangePorts must be a port or a range of ports such as 40000-40100, not '40s'", ports.getMessage());
    }
}
