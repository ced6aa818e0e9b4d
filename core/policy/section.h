#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace portico::policy {

enum class Section { Inbound = 0, Backend = 1, Outbound = 2, OnError = 3 };
inline constexpr std::array<Section, 4> kAllSections{Section::Inbound, Section::Backend,
                                                     Section::Outbound, Section::OnError};

std::string_view sectionName(Section section); // "inbound", "on-error", ...
std::optional<Section> sectionFromName(std::string_view name);

// A set of sections as bits, for "where may this policy appear".
using SectionSet = unsigned;
constexpr SectionSet sectionBit(Section s) {
    return 1u << static_cast<unsigned>(s);
}
inline constexpr SectionSet kInbound = sectionBit(Section::Inbound);
inline constexpr SectionSet kBackend = sectionBit(Section::Backend);
inline constexpr SectionSet kOutbound = sectionBit(Section::Outbound);
inline constexpr SectionSet kOnError = sectionBit(Section::OnError);
inline constexpr SectionSet kAnySection = kInbound | kBackend | kOutbound | kOnError;

// Scopes from the broadest to the narrowest; a narrower scope's <base/> pulls in the broader one.
enum class Scope { Global, Product, Api, Operation, Fragment };
std::string_view scopeName(Scope scope);

} // namespace portico::policy
