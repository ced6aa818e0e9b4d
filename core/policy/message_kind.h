#pragma once

namespace portico::policy {

// Which message of the exchange a header or body operation acts on.
enum class MessageKind { Request, Response };

} // namespace portico::policy
