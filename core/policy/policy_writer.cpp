#include "core/policy/policy_writer.h"

#include "core/policy/xml/xml_writer.h"

namespace portico::policy {
namespace {

// A comment may not contain "--" nor end with '-'.
std::string commentSafe(std::string text) {
    for (std::size_t pos = text.find("--"); pos != std::string::npos; pos = text.find("--", pos))
        text.replace(pos, 2, "- -");
    if (!text.empty() && text.back() == '-')
        text += ' ';
    return text;
}

class Writer {
public:
    explicit Writer(const WriteOptions& options)
        : m_options(options) {}

    void policies(const std::vector<PolicyNode>& list, int depth) {
        for (const auto& node : list)
            policy(node, depth);
    }

    void open(const std::string& name, int depth) {
        indent(depth);
        m_out += "<" + name + ">\n";
    }
    void close(const std::string& name, int depth) {
        indent(depth);
        m_out += "</" + name + ">\n";
    }

    std::string take() { return std::move(m_out); }

private:
    void indent(int depth) { m_out.append(static_cast<std::size_t>(depth) * 4, ' '); }

    void policy(const PolicyNode& node, int depth) {
        if (m_options.origins) {
            indent(depth);
            std::string scope(scopeName(node.origin.scope));
            if (!node.origin.fragmentId.empty())
                scope += " '" + node.origin.fragmentId + "'";
            m_out += "<!-- " +
                     commentSafe(scope + ": " + node.origin.where.file + ":" +
                                 std::to_string(node.origin.where.line) + ":" +
                                 std::to_string(node.origin.where.column)) +
                     " -->\n";
        }
        if (node.blocks.empty()) {
            element(node.element, depth);
            return;
        }
        const bool direct = node.blocks.size() == 1 && node.blocks[0].header.name == node.kind;
        startTag(node.element, depth);
        if (direct) {
            policies(node.blocks[0].policies, depth + 1);
        } else {
            for (const auto& block : node.blocks) {
                startTag(block.header, depth + 1);
                policies(block.policies, depth + 2);
                close(block.header.name, depth + 1);
            }
        }
        close(node.element.name, depth);
    }

    void startTag(const xml::XmlNode& node, int depth) {
        indent(depth);
        xml::writeStartTagOpen(node, m_out);
        m_out += ">\n";
    }

    // Elements with text keep their content verbatim; others are indented child by child.
    void element(const xml::XmlNode& node, int depth) {
        indent(depth);
        if (node.hasSignificantText()) {
            xml::writeNode(node, m_out);
            m_out += '\n';
            return;
        }
        xml::writeStartTagOpen(node, m_out);
        bool hasElements = false;
        for (const auto& child : node.children)
            hasElements = hasElements || child.kind != xml::XmlNode::Kind::Text;
        if (!hasElements) {
            if (node.children.empty()) {
                m_out += " />\n";
            } else {
                // Blank text is content too (a <set-body> of spaces): keep it.
                m_out += '>';
                for (const auto& child : node.children)
                    xml::writeNode(child, m_out);
                m_out += "</" + node.name + ">\n";
            }
            return;
        }
        m_out += ">\n";
        for (const auto& child : node.children) {
            if (child.kind == xml::XmlNode::Kind::Element) {
                element(child, depth + 1);
            } else if (child.kind == xml::XmlNode::Kind::Comment) {
                indent(depth + 1);
                xml::writeNode(child, m_out);
                m_out += '\n';
            }
        }
        close(node.name, depth);
    }

    const WriteOptions& m_options;
    std::string m_out;
};

} // namespace

std::string writePolicyDocument(const PolicyDocument& document, const WriteOptions& options) {
    Writer writer(options);
    if (document.kind == PolicyDocument::Kind::Fragment) {
        writer.open("fragment", 0);
        writer.policies(document.fragmentPolicies, 1);
        writer.close("fragment", 0);
        return writer.take();
    }
    writer.open("policies", 0);
    for (Section s : kAllSections) {
        const std::string name(sectionName(s));
        writer.open(name, 1);
        writer.policies(document.section(s).policies, 2);
        writer.close(name, 1);
    }
    writer.close("policies", 0);
    return writer.take();
}

} // namespace portico::policy
