package scratchnet.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The report's page: the newest run on top, the history newest first, text escaped. */
class IndexPageTest {

    @Test
    void theNewestRunLeadsAndTheHistoryIsNewestFirst() {
        RunHistory history = new RunHistory(List.of(
                TestRuns.run("old", "2026-11-25T02:00:00Z", 9360, "spark://a:7077"),
                TestRuns.run("new", "2026-11-26T02:00:00Z", 9300, "spark://a:7077")));
        String html = IndexPage.render("hdfs://nn:8020/reports/nightly", history);
        assertTrue(html.contains("<h2>Latest run <code>new</code></h2>"), html);
        assertTrue(html.contains("id=\"latest-accuracy\">Accuracy 0.93 <span class=\"detail\">(9300 of 10000)</span> <span class=\"down\">-0.0060</span>"), html);
        assertTrue(html.indexOf("href=\"runs/new.json\">new</a></td>") < html.indexOf("href=\"runs/old.json\">old</a></td>"));
        assertTrue(html.contains("src=\"runs/new.confusion.png\"") && !html.contains("src=\"runs/old.confusion.png\""));
        assertTrue(html.contains("Report <code>hdfs://nn:8020/reports/nightly</code>, 2 runs."));
        assertTrue(html.contains("data-images-loaded=\"pending\"") && html.contains("i.complete && i.naturalWidth > 0"));
    }

    @Test
    void textFromTheRunIsEscaped() {
        RunHistory history = new RunHistory(List.of(TestRuns.run("x", "2026-11-25T02:00:00Z", 9352, "<script>alert('m')</script>&")));
        String html = IndexPage.render("file:/r?a=1&b=\"2\"", history);
        assertFalse(html.contains("<script>alert"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;&amp;"));
        assertTrue(html.contains("file:/r?a=1&amp;b=&quot;2&quot;"));
        assertEquals("", IndexPage.esc(null));
    }
}
