#pragma once

// Every diagnostic code the workspace loader and validator emit; docs/diagnostics.md explains each.
namespace portico::model::codes {

// Loading: files and YAML (PT10xx).
inline constexpr char kFileUnreadable[] = "PT1001";
inline constexpr char kNotUtf8[] = "PT1002";
inline constexpr char kMissingKey[] = "PT1003";
inline constexpr char kMalformedYaml[] = "PT1004";
inline constexpr char kUnknownKey[] = "PT1005"; // warning
inline constexpr char kWrongType[] = "PT1006";
inline constexpr char kBadEnumValue[] = "PT1007";
inline constexpr char kBadUrl[] = "PT1008";
inline constexpr char kBadSecretReference[] = "PT1009";
inline constexpr char kDuplicateId[] = "PT1010";
inline constexpr char kInvalidId[] = "PT1011";
inline constexpr char kBadKeyHash[] = "PT1012";
inline constexpr char kInvalidValue[] = "PT1013";
inline constexpr char kMissingFile[] = "PT1014";
inline constexpr char kUnexpectedFile[] = "PT1015"; // warning
inline constexpr char kBadXmlRoot[] = "PT1016";
inline constexpr char kUnsupportedFormatVersion[] = "PT1017";
inline constexpr char kConflictingKeys[] = "PT1018";
inline constexpr char kDuplicateKey[] = "PT1019";
inline constexpr char kDuplicateListItem[] = "PT1020";

// Validation: cross-references between entities (PT11xx).
inline constexpr char kUnknownApiInProduct[] = "PT1101";
inline constexpr char kUnknownProductInScope[] = "PT1102";
inline constexpr char kUnknownApiInScope[] = "PT1103";
inline constexpr char kBadScope[] = "PT1104";
inline constexpr char kUnknownOwner[] = "PT1105";
inline constexpr char kUnknownOperation[] = "PT1106";
inline constexpr char kDuplicateApiPath[] = "PT1107";
inline constexpr char kApiPathClash[] = "PT1108";
inline constexpr char kUnknownBackend[] = "PT1109";
inline constexpr char kUnknownNamedValue[] = "PT1110";
inline constexpr char kApprovalWithoutSubscription[] = "PT1111";
inline constexpr char kUnknownFragment[] = "PT1112";

} // namespace portico::model::codes
