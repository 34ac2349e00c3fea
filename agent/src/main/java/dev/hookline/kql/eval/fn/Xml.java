package dev.hookline.kql.eval.fn;

import dev.hookline.kql.expr.Dynamic;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * parse_xml(): XML to a dynamic value the way Kusto converts it (the common XML-to-JSON convention): the root
 * element becomes a bag with one property of its name; an element with neither attributes nor child elements is
 * its text; otherwise a bag of "@attribute" values, child elements by name (an array when a name repeats) and
 * "#text" for its text. DTDs and external entities are refused, so an event field cannot make the agent read files
 * or the network.
 */
final class Xml {
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(Xml::builder);

    private Xml() {
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed
            return b;
        } catch (Exception e) {
            throw new IllegalStateException("no XML parser in this JVM", e);
        }
    }

    /** The value, or null when the text is not well-formed XML. */
    static Object parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Element root;
        try {
            DocumentBuilder b = BUILDER.get();
            b.reset();
            b.setErrorHandler(new DefaultHandler());
            root = b.parse(new InputSource(new StringReader(text))).getDocumentElement();
        } catch (Exception e) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(root.getTagName(), element(root, 0));
        return Dynamic.bag(out);
    }

    @SuppressWarnings("unchecked")
    private static Object element(Element e, int depth) {
        Map<String, Object> bag = new LinkedHashMap<>();
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            bag.put("@" + attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                Element child = (Element) n;
                Object v = depth < 100 ? element(child, depth + 1) : null;
                String name = child.getTagName();
                Object old = bag.get(name);
                if (old == null && !bag.containsKey(name)) {
                    bag.put(name, v);
                } else if (old instanceof Repeated) {
                    ((Repeated) old).add(v);
                } else {
                    Repeated list = new Repeated();
                    list.add(old);
                    list.add(v);
                    bag.put(name, list);
                }
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        String t = text.toString().trim();
        if (bag.isEmpty()) {
            return t.isEmpty() ? null : t;
        }
        if (!t.isEmpty()) {
            bag.put("#text", t);
        }
        for (Map.Entry<String, Object> en : bag.entrySet()) {
            if (en.getValue() instanceof Repeated) {
                en.setValue(Dynamic.array(new ArrayList<>((List<Object>) en.getValue())));
            }
        }
        return Dynamic.bag(bag);
    }

    /** A repeated child's values while the element is read (a marker type, turned into an array after). */
    private static final class Repeated extends ArrayList<Object> {
    }
}
