# Flags shared by every Portico target: warnings, Qt hygiene, sanitizers.
add_library(portico_options INTERFACE)
target_compile_options(portico_options INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(portico_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    PORTICO_VERSION="${PROJECT_VERSION}")
if(PORTICO_SANITIZE)
    list(JOIN PORTICO_SANITIZE "," _sanitizers)
    target_compile_options(portico_options INTERFACE -fsanitize=${_sanitizers} -fno-omit-frame-pointer)
    target_link_options(portico_options INTERFACE -fsanitize=${_sanitizers})
endif()

# Line tables and function names (-g1) rather than full debug information: on the Beast and Asio
# coroutine code, -g tripled compile times (variable tracking) and a build directory took 6 GB,
# enough to fill a CI machine's disk. Backtraces, perf and gdb still name function, file and line.
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    add_compile_options($<$<CONFIG:RelWithDebInfo>:-g1>)
endif()
