#pragma once

// The codes of `portico lint`; docs/lint.md explains each.
namespace portico::posture::codes {

inline constexpr char kOneBroadScope[] = "PT6001";
inline constexpr char kOperationWithoutScope[] = "PT6002";
inline constexpr char kUnauthenticatedApi[] = "PT6003";
inline constexpr char kSubscriptionToAllApis[] = "PT6004";
inline constexpr char kSecretInClear[] = "PT6005";
inline constexpr char kPlainHttpAccepted[] = "PT6006";
inline constexpr char kBackendTlsUnchecked[] = "PT6007";
inline constexpr char kDeprecatedOperation[] = "PT6008";
inline constexpr char kUncheckedRequestBody[] = "PT6009";

} // namespace portico::posture::codes
