#pragma once

// Every diagnostic code of the policy engine; docs/policies.md explains each.
namespace portico::policy::codes {

// XML (PT30xx).
inline constexpr char kMalformedXml[] = "PT3001";
inline constexpr char kDtdNotAllowed[] = "PT3002";
inline constexpr char kXmlLimitExceeded[] = "PT3003";
inline constexpr char kNotUtf8[] = "PT3004";

// Document structure (PT31xx).
inline constexpr char kBadRoot[] = "PT3101";
inline constexpr char kUnknownSection[] = "PT3102";
inline constexpr char kDuplicateSection[] = "PT3103";
inline constexpr char kUnknownPolicy[] = "PT3104";
inline constexpr char kPolicyNotAllowedInSection[] = "PT3105";
inline constexpr char kBaseAtGlobalScope[] = "PT3106";
inline constexpr char kMisplacedBase[] = "PT3107";
inline constexpr char kSecondForwardRequest[] = "PT3108";
inline constexpr char kUnexpectedText[] = "PT3109";

// Attributes and children (PT32xx).
inline constexpr char kMissingAttribute[] = "PT3201";
inline constexpr char kUnknownAttribute[] = "PT3202";
inline constexpr char kBadAttributeValue[] = "PT3203";
inline constexpr char kUnexpectedChild[] = "PT3204";
inline constexpr char kMissingChild[] = "PT3205";
inline constexpr char kTooManyChildren[] = "PT3206";
inline constexpr char kBadValue[] = "PT3207";

// Fragments and named values (PT33xx).
inline constexpr char kFragmentCycle[] = "PT3301";
inline constexpr char kUnknownFragment[] = "PT3302";
inline constexpr char kUnknownNamedValue[] = "PT3303";
inline constexpr char kFragmentExpansionTooLarge[] = "PT3304";

// Expressions and compilation (PT34xx).
inline constexpr char kExpressionNotSupported[] = "PT3401";
inline constexpr char kPolicyNotRunnable[] = "PT3402";
inline constexpr char kExpressionError[] = "PT3403";

} // namespace portico::policy::codes
