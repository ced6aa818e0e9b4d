#pragma once

// Codes of the OpenAPI import's diagnostics. Each one is documented in docs/openapi-import.md.
namespace portico::openapi::codes {

inline constexpr const char* kNotOpenApiDocument = "PT2001";
inline constexpr const char* kUnsupportedVersion = "PT2002";
inline constexpr const char* kMalformedJson = "PT2003";
inline constexpr const char* kMalformedYaml = "PT2004";
inline constexpr const char* kPathWithoutLeadingSlash = "PT2005";
inline constexpr const char* kUnresolvableRef = "PT2006";
inline constexpr const char* kRefCycle = "PT2007";
inline constexpr const char* kExternalRef = "PT2008";
inline constexpr const char* kDuplicateOperationId = "PT2009";
inline constexpr const char* kUndeclaredPathParameter = "PT2010";
inline constexpr const char* kWrongType = "PT2011";
inline constexpr const char* kMissingRequiredField = "PT2012";
inline constexpr const char* kUnknownSecurityScheme = "PT2013";
inline constexpr const char* kInvalidSecurityScheme = "PT2014";
inline constexpr const char* kNestingTooDeep = "PT2015";
inline constexpr const char* kExpansionTooLarge = "PT2016";
inline constexpr const char* kFileNotReadable = "PT2017";
inline constexpr const char* kNotUtf8 = "PT2018";
inline constexpr const char* kInvalidPathTemplate = "PT2019";
inline constexpr const char* kInvalidParameter = "PT2020";
inline constexpr const char* kServerVariableWithoutDefault = "PT2021";
inline constexpr const char* kDuplicateKey = "PT2022";
inline constexpr const char* kDuplicateOperation = "PT2023";
inline constexpr const char* kInvalidResponseStatus = "PT2024";

} // namespace portico::openapi::codes
