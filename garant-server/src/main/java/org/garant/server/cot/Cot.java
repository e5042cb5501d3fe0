package org.garant.server.cot;

import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Cursor-on-Target 2.0 events: writing and strict parsing. The parser refuses DTDs and external entities (no XXE, no
 * entity expansion), checks the attributes an event must have and says which is wrong. Thread-safe.
 */
public final class Cot {
    /** Unknown height or error, as CoT writes it. */
    public static final double UNKNOWN = 9_999_999.0;

    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XML.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    private Cot() {
    }

    /** A link from an event to another (its evidence) or to a URL. */
    public record Link(String uid, String type, String relation, String url) {
    }

    /** One CoT event. {@code ce}, {@code le}: metres (CE90 and LE90 as Garant writes them), {@link #UNKNOWN} if unknown. */
    public record Event(String uid, String type, String how, Instant time, Instant start, Instant stale, double lat, double lon,
                        double hae, double ce, double le, String callsign, String remarks, List<Link> links) {
        public Event {
            links = links == null ? List.of() : List.copyOf(links);
        }
    }

    /** A message that is not a valid CoT event (or auth). */
    public static final class CotException extends Exception {
        public CotException(String message) {
            super(message);
        }
    }

    /** The event as one XML document (UTF-8, no line breaks). */
    public static String xml(Event e) {
        StringBuilder sb = new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
                .append("<event version=\"2.0\" uid=\"").append(esc(e.uid())).append("\" type=\"").append(esc(e.type()))
                .append("\" how=\"").append(esc(e.how())).append("\" time=\"").append(e.time()).append("\" start=\"").append(e.start())
                .append("\" stale=\"").append(e.stale()).append("\"><point lat=\"").append(num(e.lat(), 7)).append("\" lon=\"")
                .append(num(e.lon(), 7)).append("\" hae=\"").append(num(e.hae(), 1)).append("\" ce=\"").append(num(e.ce(), 1))
                .append("\" le=\"").append(num(e.le(), 1)).append("\"/><detail>");
        if (e.callsign() != null) {
            sb.append("<contact callsign=\"").append(esc(e.callsign())).append("\"/>");
        }
        for (Link l : e.links()) {
            sb.append("<link");
            if (l.uid() != null) {
                sb.append(" uid=\"").append(esc(l.uid())).append('"');
            }
            if (l.type() != null) {
                sb.append(" type=\"").append(esc(l.type())).append('"');
            }
            if (l.relation() != null) {
                sb.append(" relation=\"").append(esc(l.relation())).append('"');
            }
            if (l.url() != null) {
                sb.append(" url=\"").append(esc(l.url())).append('"');
            }
            sb.append("/>");
        }
        if (e.remarks() != null) {
            sb.append("<remarks>").append(esc(e.remarks())).append("</remarks>");
        }
        return sb.append("</detail></event>").toString();
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v).replaceAll("\\.?0+$", "");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** TAK's input authentication message: {@code <auth><cot username="…" password="…"/></auth>}. */
    public record Auth(String username, String password) {
    }

    /** Either an event or an auth message. */
    public record Message(Event event, Auth auth) {
    }

    /** Parses one message: an {@code <event>} or an {@code <auth>}. Errors name what is wrong. */
    public static Message parse(String text) throws CotException {
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(text));
            try {
                while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                    if (r.getEventType() == XMLStreamConstants.DTD) {
                        throw new CotException("a DTD is not allowed");
                    }
                }
                if (r.getEventType() != XMLStreamConstants.START_ELEMENT) {
                    throw new CotException("no element");
                }
                String root = r.getLocalName();
                if (root.equals("auth")) {
                    return new Message(null, auth(r));
                }
                if (!root.equals("event")) {
                    throw new CotException("<" + root + "> is not a CoT <event> (or <auth>)");
                }
                return new Message(event(r), null);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            String m = e.getMessage() == null ? "malformed XML" : e.getMessage().replaceAll("\\s+", " ");
            throw new CotException("malformed XML: " + (m.length() > 200 ? m.substring(0, 200) : m));
        }
    }

    private static Auth auth(XMLStreamReader r) throws XMLStreamException, CotException {
        while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("cot")) {
                String user = r.getAttributeValue(null, "username");
                String password = r.getAttributeValue(null, "password");
                if (user == null || password == null) {
                    throw new CotException("auth: <cot> needs username and password");
                }
                return new Auth(user, password);
            }
        }
        throw new CotException("auth: no <cot username=… password=…/>");
    }

    private static Event event(XMLStreamReader r) throws XMLStreamException, CotException {
        String uid = required(r, "uid");
        String type = required(r, "type");
        if (!type.matches("[a-zA-Z0-9.]{1,3}(-[a-zA-Z0-9.]{1,8}){0,12}")) {
            throw new CotException("type: '" + cut(type) + "' is not a CoT type such as a-f-G-U-C or b-m-p-s-m");
        }
        String how = r.getAttributeValue(null, "how");
        Instant time = instant(r, "time");
        Instant start = instant(r, "start");
        Instant stale = instant(r, "stale");
        if (stale.isBefore(start)) {
            throw new CotException("stale: " + stale + " is before start " + start);
        }
        double lat = Double.NaN;
        double lon = Double.NaN;
        double hae = UNKNOWN;
        double ce = UNKNOWN;
        double le = UNKNOWN;
        String callsign = null;
        StringBuilder remarks = null;
        List<Link> links = new ArrayList<>();
        boolean inRemarks = false;
        while (r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "point" -> {
                        lat = number(r, "point", "lat", -90, 90, Double.NaN);
                        lon = number(r, "point", "lon", -180, 180, Double.NaN);
                        hae = number(r, "point", "hae", -20_000, UNKNOWN, UNKNOWN);
                        ce = number(r, "point", "ce", 0, UNKNOWN, UNKNOWN);
                        le = number(r, "point", "le", 0, UNKNOWN, UNKNOWN);
                    }
                    case "contact" -> callsign = r.getAttributeValue(null, "callsign");
                    case "link" -> links.add(new Link(r.getAttributeValue(null, "uid"), r.getAttributeValue(null, "type"),
                            r.getAttributeValue(null, "relation"), r.getAttributeValue(null, "url")));
                    case "remarks" -> {
                        inRemarks = true;
                        remarks = new StringBuilder();
                    }
                    default -> {
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("remarks")) {
                inRemarks = false;
            } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) && inRemarks) {
                remarks.append(r.getText());
            } else if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new CotException("entity '&" + r.getLocalName() + ";' is not allowed");
            }
        }
        if (Double.isNaN(lat) || Double.isNaN(lon)) {
            throw new CotException("point: missing (an event needs <point lat=… lon=…/>)");
        }
        return new Event(uid, type, how == null ? "h-e" : how, time, start, stale, lat, lon, hae, ce, le, callsign,
                remarks == null ? null : remarks.toString().trim(), links);
    }

    private static String required(XMLStreamReader r, String attribute) throws CotException {
        String v = r.getAttributeValue(null, attribute);
        if (v == null || v.isBlank()) {
            throw new CotException(attribute + ": missing (a CoT event has uid, type, time, start and stale)");
        }
        if (v.length() > 200) {
            throw new CotException(attribute + ": longer than 200 characters");
        }
        return v;
    }

    private static Instant instant(XMLStreamReader r, String attribute) throws CotException {
        String v = required(r, attribute);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new CotException(attribute + ": '" + cut(v) + "' is not an ISO-8601 time such as 2026-05-01T12:00:00Z");
        }
    }

    private static double number(XMLStreamReader r, String element, String attribute, double min, double max, double dflt)
            throws CotException {
        String v = r.getAttributeValue(null, attribute);
        if (v == null) {
            if (Double.isNaN(dflt)) {
                throw new CotException(element + "." + attribute + ": missing");
            }
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw new CotException(element + "." + attribute + ": " + cut(v) + " is outside " + min + "–" + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new CotException(element + "." + attribute + ": '" + cut(v) + "' is not a number");
        }
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
