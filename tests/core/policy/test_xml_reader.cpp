#include "core/policy/xml/xml_reader.h"
#include "core/policy/xml/xml_writer.h"

#include <QtTest>

using namespace portico::policy::xml;

class TestXmlReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsElementsAttributesAndTextWithPositions();
    void acceptsBothQuoteStylesAndNormalisesAttributeWhitespace();
    void resolvesPredefinedEntitiesAndCharacterReferences_data();
    void resolvesPredefinedEntitiesAndCharacterReferences();
    void keepsCDataVerbatim();
    void keepsCommentsAndSkipsProcessingInstructions();
    void acceptsPrologAndByteOrderMark();
    void normalisesLineEndsInText();
    void countsLinesAcrossCarriageReturns();
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
    void refusesEveryDtdWithoutExpandingIt_data();
    void refusesEveryDtdWithoutExpandingIt();
    void enforcesDepthLimit();
    void enforcesSizeLimit();
    void enforcesAttributeAndNodeLimits();
    void writerRoundTripsEscapedContent();
    void readsPolicyExpressionsAsApimWritesThem_data();
    void readsPolicyExpressionsAsApimWritesThem();
    void leavesTextThatIsNoExpressionStrict();
};

void TestXmlReader::readsElementsAttributesAndTextWithPositions() {
    const auto result = readXml("<policies>\n  <inbound>\n    <set-header name=\"x-a\" "
                                "exists-action=\"override\">\n      <value>1</value>\n"
                                "    </set-header>\n  </inbound>\n</policies>\n");
    QVERIFY(result.ok());
    const XmlNode& root = *result.root;
    QCOMPARE(root.name, std::string("policies"));
    QCOMPARE(root.where.line, 1);
    QCOMPARE(root.where.column, 1);
    const auto inbound = root.childElements();
    QCOMPARE(inbound.size(), std::size_t(1));
    QCOMPARE(inbound[0]->where.line, 2);
    QCOMPARE(inbound[0]->where.column, 3);
    const XmlNode* setHeader = inbound[0]->childElements().at(0);
    QCOMPARE(setHeader->where.line, 3);
    QCOMPARE(setHeader->where.column, 5);
    QCOMPARE(setHeader->attributes.size(), std::size_t(2));
    const XmlAttribute* action = setHeader->attribute("exists-action");
    QVERIFY(action);
    QCOMPARE(action->value, std::string("override"));
    QCOMPARE(action->where.line, 3);
    QCOMPARE(action->where.column, 28);
    QCOMPARE(action->valueWhere.column, 43);
    const XmlNode* value = setHeader->childElements().at(0);
    QCOMPARE(value->innerText(), std::string("1"));
    QCOMPARE(value->children.at(0).where.line, 4);
    QCOMPARE(value->children.at(0).where.column, 14);
}

void TestXmlReader::acceptsBothQuoteStylesAndNormalisesAttributeWhitespace() {
    const auto result = readXml("<a x='say \"hi\"' y=\"it's\" z=\"a\tb\nc\r\nd\" w=\"&#10;\"/>");
    QVERIFY(result.ok());
    QCOMPARE(result.root->attribute("x")->value, std::string("say \"hi\""));
    QCOMPARE(result.root->attribute("y")->value, std::string("it's"));
    QCOMPARE(result.root->attribute("z")->value, std::string("a b c d"));
    QCOMPARE(result.root->attribute("w")->value, std::string("\n"));
}

void TestXmlReader::resolvesPredefinedEntitiesAndCharacterReferences_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("lt gt amp") << QByteArray("<a>&lt;b&gt; &amp;</a>") << QByteArray("<b> &");
    QTest::newRow("apos quot") << QByteArray("<a>&apos;&quot;</a>") << QByteArray("'\"");
    QTest::newRow("decimal") << QByteArray("<a>&#65;&#233;</a>") << QByteArray("A\xC3\xA9");
    QTest::newRow("hex") << QByteArray("<a>&#x41;&#X;</a>") << QByteArray();
    QTest::newRow("hex astral") << QByteArray("<a>&#x1F600;</a>") << QByteArray("\xF0\x9F\x98\x80");
    QTest::newRow("raw utf8") << QByteArray("<a>caf\xC3\xA9</a>") << QByteArray("caf\xC3\xA9");
    QTest::newRow("greater than is fine") << QByteArray("<a>a > b</a>") << QByteArray("a > b");
}

void TestXmlReader::resolvesPredefinedEntitiesAndCharacterReferences() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, text);
    const auto result = readXml(input.toStdString());
    if (text.isEmpty()) {
        QVERIFY(!result.ok()); // &#X; is not a character reference: XML is case-sensitive
        return;
    }
    QVERIFY2(result.ok(), result.error ? result.error->message.c_str() : "");
    QCOMPARE(QByteArray::fromStdString(result.root->innerText()), text);
}

void TestXmlReader::keepsCDataVerbatim() {
    const auto result = readXml("<set-body><![CDATA[{\"a\": \"<b> & {{x}}\"}]]></set-body>");
    QVERIFY(result.ok());
    QCOMPARE(result.root->children.size(), std::size_t(1));
    QCOMPARE(result.root->children[0].kind, XmlNode::Kind::CData);
    QCOMPARE(result.root->innerText(), std::string("{\"a\": \"<b> & {{x}}\"}"));
}

void TestXmlReader::keepsCommentsAndSkipsProcessingInstructions() {
    const auto result = readXml("<!-- head --><a><!-- inner - dash --><?app do?>x</a><?tail?>");
    QVERIFY(result.ok());
    QCOMPARE(result.root->children.size(), std::size_t(2));
    QCOMPARE(result.root->children[0].kind, XmlNode::Kind::Comment);
    QCOMPARE(result.root->children[0].text, std::string(" inner - dash "));
    QCOMPARE(result.root->innerText(), std::string("x"));
}

void TestXmlReader::acceptsPrologAndByteOrderMark() {
    QVERIFY(readXml("<?xml version=\"1.0\"?><a/>").ok());
    QVERIFY(readXml("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<a/>").ok());
    QVERIFY(readXml("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>").ok());
}

void TestXmlReader::normalisesLineEndsInText() {
    const auto result = readXml("<a>1\r\n2\r3<![CDATA[\r\n4]]></a>");
    QVERIFY(result.ok());
    QCOMPARE(result.root->innerText(), std::string("1\n2\n3\n4"));
}

void TestXmlReader::countsLinesAcrossCarriageReturns() {
    const auto result = readXml("<a>\r\n<b/>\r<c/>\n</a>");
    QVERIFY(result.ok());
    const auto children = result.root->childElements();
    QCOMPARE(children.at(0)->where.line, 2);
    QCOMPARE(children.at(1)->where.line, 3);
    QCOMPARE(children.at(1)->where.column, 1);
}

void TestXmlReader::rejectsMalformedInput_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, const char* input, int line, int column, const char* message) {
        QTest::newRow(name) << QByteArray(input) << line << column << QString::fromUtf8(message);
    };
    row("empty", "", 1, 1, "no root element");
    row("only whitespace", "  \n  ", 2, 3, "no root element");
    row("only a comment", "<!-- x -->", 1, 11, "no root element");
    row("text before root", "hello<a/>", 1, 1, "text is not allowed outside the root element");
    row("text after root", "<a/>\nhello", 2, 1, "text is not allowed outside the root element");
    row("two roots", "<a/><b/>", 1, 5, "only one root element");
    row("unclosed root", "<a>\n<b></b>", 1, 1, "<a> is never closed");
    row("unclosed start tag", "<a\n  x=\"1\"", 1, 1, "start tag <a> is never closed");
    row("mismatched close", "<a>\n  <b>\n  </c>\n</a>", 3, 3,
        "closing tag </c> does not match <b> opened at 2:3");
    row("close without open", "<a></a></a>", 1, 8, "only one root element");
    row("stray close in root", "<a>\n</b>", 2, 1, "closing tag </b> does not match <a>");
    row("duplicate attribute", "<a x=\"1\"\n   x='2'/>", 2, 4,
        "duplicate attribute 'x' (first at 1:4)");
    row("unquoted attribute", "<a x=1/>", 1, 6, "expected a quoted value for attribute 'x'");
    row("attribute without value", "<a x/>", 1, 5, "expected '=' after attribute 'x'");
    row("attributes not separated", "<a x=\"1\"y=\"2\"/>", 1, 9, "expected whitespace");
    row("unterminated attribute", "<a x=\"1/>", 1, 6, "value of attribute 'x' is never closed");
    row("less-than in attribute", "<a x=\"a<b\"/>", 1, 8, "'<' is not allowed in an attribute");
    row("bad character in tag", "<a $/>", 1, 4, "unexpected '$' in the start tag <a>");
    row("name starting with digit", "<1a/>", 1, 2, "expected an element name after '<'");
    row("bare less-than in text", "<a>1 < 2</a>", 1, 7, "expected an element name after '<'");
    row("bare ampersand", "<a>fish & chips</a>", 1, 9, "'&' must start an entity");
    row("ampersand in attribute", "<a x=\"a&b\"/>", 1, 8, "'&' must start an entity");
    row("unknown entity", "<a>\n  &nbsp;</a>", 2, 3, "unknown entity '&nbsp;'");
    row("character reference to NUL", "<a>&#0;</a>", 1, 4, "U+0000, which is not allowed");
    row("character reference to surrogate", "<a>&#xD800;</a>", 1, 4, "U+D800");
    row("character reference too big", "<a>&#x110000;</a>", 1, 4, "beyond Unicode");
    row("malformed character reference", "<a>&#12a;</a>", 1, 4, "malformed character reference");
    row("empty character reference", "<a>&#;</a>", 1, 4, "malformed character reference");
    row("control character", "<a>\n x\x01</a>", 2, 3, "character U+0001 is not allowed");
    row("NUL byte", QByteArray("<a>\0</a>", 8).constData(), 1, 1, "");
    row("invalid utf-8", "<a>\xC3\x28</a>", 1, 4, "not valid UTF-8");
    row("overlong utf-8", "<a>\xC0\xAF</a>", 1, 4, "not valid UTF-8");
    row("encoded surrogate", "<a>\xED\xA0\x80</a>", 1, 4, "not valid UTF-8");
    row("truncated utf-8", "<a>\xE2\x82", 1, 4, "not valid UTF-8");
    row("U+FFFE", "<a>\xEF\xBF\xBE</a>", 1, 4, "U+FFFE is not allowed");
    row("cdata end in text", "<a>x ]]> y</a>", 1, 6, "']]>' is not allowed in text");
    row("unclosed comment", "<a><!-- x </a>", 1, 4, "comment is never closed");
    row("double dash in comment", "<a><!-- a -- b --></a>", 1, 11, "'--' is not allowed");
    row("unclosed cdata", "<a><![CDATA[ x </a>", 1, 4, "CDATA section is never closed");
    row("cdata outside root", "<![CDATA[x]]><a/>", 1, 1, "expected a comment '<!--'");
    row("bogus declaration", "<a><!FOO></a>", 1, 4, "unexpected '<!'");
    row("late xml declaration", "<a/>\n<?xml version=\"1.0\"?>", 2, 1,
        "only allowed at the very start");
    row("xml declaration after space", " <?xml version=\"1.0\"?><a/>", 1, 2,
        "only allowed at the very start");
    row("xml declaration without version", "<?xml encoding=\"utf-8\"?><a/>", 1, 1,
        "needs a version");
    row("xml version 2", "<?xml version=\"2.0\"?><a/>", 1, 7, "unsupported XML version");
    row("latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 1, 21,
        "must be UTF-8");
    row("unclosed processing instruction", "<a><?pi x</a>", 1, 4,
        "processing instruction is never closed");
    row("unclosed end tag", "<a></a", 1, 7, "expected '>' to end the closing tag </a>");
    row("space before name", "< a/>", 1, 2, "expected an element name after '<'");
    row("unclosed expression in attribute", "<a x=\"@(f(1)\"/>", 1, 7,
        "policy expression is never closed");
    row("unclosed expression in text", "<a>\n  @{ return 1; </a>", 2, 3,
        "policy expression is never closed");
    row("unmatched bracket in expression", "<a x=\"@(f(1]\"/>", 1, 7, "unmatched ']'");
}

void TestXmlReader::rejectsMalformedInput() {
    QFETCH(QByteArray, input);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    if (QByteArray(QTest::currentDataTag()) == "NUL byte")
        input = QByteArray("<a>\0</a>", 8);
    const auto result = readXml(std::string_view(input.constData(), std::size_t(input.size())));
    QVERIFY(!result.ok());
    QVERIFY(result.error);
    if (QByteArray(QTest::currentDataTag()) == "NUL byte") {
        QCOMPARE(result.error->where.column, 4);
        QVERIFY(result.error->message.find("U+0000") != std::string::npos);
        return;
    }
    QVERIFY2(QString::fromStdString(result.error->message).contains(message),
             result.error->message.c_str());
    QCOMPARE(result.error->where.line, line);
    QCOMPARE(result.error->where.column, column);
}

void TestXmlReader::refusesEveryDtdWithoutExpandingIt_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("xxe file") << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x "
                                            "SYSTEM \"file:///etc/passwd\">]>\n<p>&x;</p>")
                              << 2 << 1;
    QTest::newRow("billion laughs")
        << QByteArray("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                      "\"&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>")
        << 1 << 1;
    QTest::newRow("external dtd")
        << QByteArray("<!DOCTYPE policies SYSTEM \"http://evil/x.dtd\"><policies/>") << 1 << 1;
    QTest::newRow("entity inside element") << QByteArray("<a>\n  <!ENTITY x \"y\"></a>") << 2 << 3;
    QTest::newRow("doctype inside element") << QByteArray("<a><!DOCTYPE a></a>") << 1 << 4;
}

void TestXmlReader::refusesEveryDtdWithoutExpandingIt() {
    QFETCH(QByteArray, input);
    QFETCH(int, line);
    QFETCH(int, column);
    const auto result = readXml(input.toStdString());
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, XmlError::Kind::Dtd);
    QCOMPARE(result.error->message, std::string("DTDs are not allowed (no external entities)"));
    QCOMPARE(result.error->where.line, line);
    QCOMPARE(result.error->where.column, column);
}

void TestXmlReader::enforcesDepthLimit() {
    XmlLimits limits;
    limits.maxDepth = 8;
    std::string ok;
    for (int i = 0; i < 8; ++i)
        ok += "<a>";
    for (int i = 0; i < 8; ++i)
        ok += "</a>";
    QVERIFY(readXml(ok, limits).ok());
    const auto result = readXml("<a>" + ok + "</a>", limits);
    QVERIFY(!result.ok());
    QCOMPARE(result.error->kind, XmlError::Kind::Limit);
    QCOMPARE(result.error->where.column, 25);

    // The default limit stops a deep document long before the stack is at risk.
    std::string deep;
    for (int i = 0; i < 100000; ++i)
        deep += "<a>";
    const auto deepResult = readXml(deep);
    QVERIFY(!deepResult.ok());
    QCOMPARE(deepResult.error->kind, XmlError::Kind::Limit);
}

void TestXmlReader::enforcesSizeLimit() {
    XmlLimits limits;
    limits.maxBytes = 16;
    QVERIFY(readXml("<a>0123456789</a>", limits).ok() == false);
    QCOMPARE(readXml("<a>0123456789</a>", limits).error->kind, XmlError::Kind::Limit);
    QVERIFY(readXml("<a>012345678</a>", limits).ok());
}

void TestXmlReader::enforcesAttributeAndNodeLimits() {
    XmlLimits limits;
    limits.maxAttributes = 2;
    limits.maxNodes = 3;
    QVERIFY(readXml("<a x=\"1\" y=\"2\"><b/><c/></a>", limits).ok());
    const auto tooManyAttributes = readXml("<a x=\"1\" y=\"2\" z=\"3\"/>", limits);
    QCOMPARE(tooManyAttributes.error->kind, XmlError::Kind::Limit);
    QCOMPARE(tooManyAttributes.error->where.column, 16);
    const auto tooManyNodes = readXml("<a><b/><c/><d/></a>", limits);
    QCOMPARE(tooManyNodes.error->kind, XmlError::Kind::Limit);
    QCOMPARE(tooManyNodes.error->where.column, 12);
}

void TestXmlReader::writerRoundTripsEscapedContent() {
    const std::string input =
        "<a x=\"&lt;&amp;&quot;'&#10;\"><b>1 &lt; 2 &amp; 3</b><![CDATA[<raw>]]><!--c--></a>";
    const auto first = readXml(input);
    QVERIFY(first.ok());
    std::string written;
    writeNode(*first.root, written);
    QCOMPARE(written, input);
    const auto second = readXml(written);
    QVERIFY(second.ok());
    QCOMPARE(second.root->attribute("x")->value, std::string("<&\"'\n"));
}

// APIM reads a policy expression by its C# syntax, so its documentation writes quotes inside a
// quoted attribute, generics and '&&' unescaped: such policies load as written, and the escaped
// spelling of each reads the same.
void TestXmlReader::readsPolicyExpressionsAsApimWritesThem_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expression");
    QTest::newRow("quotes in a double-quoted attribute")
        << QByteArray("<set-variable name=\"m\" value=\"@(context.Request.Headers."
                      "GetValueOrDefault(\"User-Agent\",\"\").Contains(\"iPad\"))\" />")
        << QByteArray("@(context.Request.Headers.GetValueOrDefault(\"User-Agent\",\"\")."
                      "Contains(\"iPad\"))");
    QTest::newRow("escaped the same")
        << QByteArray("<set-variable name=\"m\" value=\"@(context.Request.Headers."
                      "GetValueOrDefault(&quot;User-Agent&quot;,&quot;&quot;).Contains(&quot;"
                      "iPad&quot;))\" />")
        << QByteArray("@(context.Request.Headers.GetValueOrDefault(\"User-Agent\",\"\")."
                      "Contains(\"iPad\"))");
    QTest::newRow("generic in an attribute")
        << QByteArray("<when condition=\"@(context.Variables.GetValueOrDefault<bool>(\"m\"))\">"
                      "</when>")
        << QByteArray("@(context.Variables.GetValueOrDefault<bool>(\"m\"))");
    QTest::newRow("char literal in a single-quoted attribute")
        << QByteArray("<a x='@(\"a)b\".Split(')')[0])'/>")
        << QByteArray("@(\"a)b\".Split(')')[0])");
    QTest::newRow("block with generics and && in text")
        << QByteArray("<set-body>@{\n  var b = context.Request.Body.As<JObject>();\n"
                      "  return b != null && b[\"a\"] != null ? \"}\" : \"{\";\n}</set-body>")
        << QByteArray("@{\n  var b = context.Request.Body.As<JObject>();\n"
                      "  return b != null && b[\"a\"] != null ? \"}\" : \"{\";\n}");
    QTest::newRow("escaped text reads the same")
        << QByteArray("<set-body>@{\n  var b = context.Request.Body.As&lt;JObject&gt;();\n"
                      "  return b != null &amp;&amp; b[\"a\"] != null ? \"}\" : \"{\";\n}"
                      "</set-body>")
        << QByteArray("@{\n  var b = context.Request.Body.As<JObject>();\n"
                      "  return b != null && b[\"a\"] != null ? \"}\" : \"{\";\n}");
    QTest::newRow("verbatim string with doubled quotes")
        << QByteArray("<a x=\"@(@\"say \"\")\"\"\" + 1)\"/>")
        << QByteArray("@(@\"say \"\")\"\"\" + 1)");
    QTest::newRow("escaped quote in a string")
        << QByteArray("<a x=\"@(\"a\\\")\" + 1)\"/>") << QByteArray("@(\"a\\\")\" + 1)");
    QTest::newRow("interpolated string with a bracket in a hole's string")
        << QByteArray("<a x=\"@($\"{context.Variables.GetValueOrDefault<string>(\"a\", \")\")}"
                      "{{\")\"/>")
        << QByteArray("@($\"{context.Variables.GetValueOrDefault<string>(\"a\", \")\")}{{\")");
    QTest::newRow("verbatim interpolated string")
        << QByteArray("<a>@($@\"a \"\"{(1 + 2)}\"\" )\")</a>")
        << QByteArray("@($@\"a \"\"{(1 + 2)}\"\" )\")");
    QTest::newRow("line comment in a multi-line attribute keeps its line end")
        << QByteArray("<set-variable name=\"r\" value=\"@{\r\n    // /table/{account}\r\n"
                      "\treturn string.Format(\"/table/{0}\", 1);\n    }\" />")
        << QByteArray("@{\n    // /table/{account}\n\treturn string.Format(\"/table/{0}\", 1);\n"
                      "    }");
    QTest::newRow("comments") << QByteArray("<a>@{ /* ) */ return 1; // }\n }</a>")
                              << QByteArray("@{ /* ) */ return 1; // }\n }");
    QTest::newRow("indented text expression")
        << QByteArray(
               "<value>\n    @(context.Variables.GetValueOrDefault<string>(\"x\"))\n</value>")
        << QByteArray("\n    @(context.Variables.GetValueOrDefault<string>(\"x\"))\n");
}

void TestXmlReader::readsPolicyExpressionsAsApimWritesThem() {
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expression);
    const auto result = readXml(input.toStdString());
    QVERIFY2(result.ok(), result.error ? result.error->message.c_str() : "");
    const auto& root = *result.root;
    const bool inAttribute =
        !root.attributes.empty() && root.attributes.back().value.starts_with("@");
    const std::string got = inAttribute ? root.attributes.back().value : root.innerText();
    QCOMPARE(QByteArray::fromStdString(got), expression);
}

// Only a value that starts as an expression is read as one: elsewhere XML's rules hold.
void TestXmlReader::leavesTextThatIsNoExpressionStrict() {
    QVERIFY(!readXml("<a x=\"say @(\"hi\")\"/>").ok());
    QVERIFY(!readXml("<a>b @(1 < 2)</a>").ok());
    QVERIFY(!readXml("<a x=\"a<b\"/>").ok());
    // The expression ends at its bracket; the '&' after it is XML's again.
    QVERIFY(!readXml("<a><b>@(1) & </b></a>").ok());
}

QTEST_GUILESS_MAIN(TestXmlReader)
#include "test_xml_reader.moc"
