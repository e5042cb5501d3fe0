package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.garant.server.cot.Cot;
import org.junit.jupiter.api.Test;

class CotCodecTest {
    @Test
    void writesAndReadsBackAnEventWithItsLinksAndEscapedRemarks() throws Exception {
        Instant t = Instant.parse("2026-05-01T10:00:00.250Z");
        Cot.Event e = new Cot.Event("garant-E-1", "b-d", "m-f", t, t, t.plusSeconds(3600), 48.1234567, 37.7654321, Cot.UNKNOWN, 41.5,
                Cot.UNKNOWN, "Garant impact", "fired from <OCCUPIED> & \"hit\"", List.of(new Cot.Link("garant-d1", "b-d", "p-p", null),
                new Cot.Link(null, null, null, "/api/events/E-1")));
        String xml = Cot.xml(e);
        assertThat(xml).startsWith("<?xml").contains("<event version=\"2.0\" uid=\"garant-E-1\" type=\"b-d\" how=\"m-f\"")
                .contains("ce=\"41.5\"").contains("&lt;OCCUPIED&gt; &amp; &quot;hit&quot;");
        Cot.Event back = Cot.parse(xml).event();
        assertThat(back).isEqualTo(e);
    }

    @Test
    void refusesDtdsEntitiesAndIncompleteEventsNamingWhatIsWrong() {
        String dtd = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
                + "<event version=\"2.0\" uid=\"u\" type=\"b-d\" time=\"2026-05-01T10:00:00Z\" start=\"2026-05-01T10:00:00Z\" "
                + "stale=\"2026-05-01T11:00:00Z\"><point lat=\"48\" lon=\"37\"/><detail><remarks>&lol2;</remarks></detail></event>";
        assertThatThrownBy(() -> Cot.parse(dtd)).isInstanceOf(Cot.CotException.class);
        String base = "<event version=\"2.0\" uid=\"u\" type=\"b-d\" time=\"2026-05-01T10:00:00Z\" start=\"2026-05-01T10:00:00Z\" "
                + "stale=\"2026-05-01T11:00:00Z\">";
        assertThatThrownBy(() -> Cot.parse(base + "</event>")).hasMessageStartingWith("point: missing");
        assertThatThrownBy(() -> Cot.parse(base + "<point lat=\"91\" lon=\"37\"/></event>")).hasMessageStartingWith("point.lat: 91");
        assertThatThrownBy(() -> Cot.parse(base.replace("b-d", "not a type!") + "<point lat=\"48\" lon=\"37\"/></event>"))
                .hasMessageStartingWith("type: 'not a type!'");
        assertThatThrownBy(() -> Cot.parse(base.replace("time=\"2026-05-01T10:00:00Z\"", "time=\"yesterday\"")
                + "<point lat=\"48\" lon=\"37\"/></event>")).hasMessageStartingWith("time: 'yesterday'");
        assertThatThrownBy(() -> Cot.parse("<chat>hi</chat>")).hasMessageContaining("is not a CoT <event>");
        assertThatThrownBy(() -> Cot.parse("<event uid=")).hasMessageStartingWith("malformed XML");
    }
}
