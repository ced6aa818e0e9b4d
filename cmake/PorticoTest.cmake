# portico_add_test(NAME TestFoo SOURCES TestFoo.cpp [LIBS ...] [GUI] [LABELS ...] [TIMEOUT s])
# One executable and one ctest entry per suite. Core suites are GUI-less; GUI suites run offscreen.
function(portico_add_test)
    cmake_parse_arguments(T "GUI" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    set_target_properties(${T_NAME} PROPERTIES AUTOMOC ON)
    target_link_libraries(${T_NAME} PRIVATE portico_options Qt6::Test ${T_LIBS})
    target_compile_definitions(${T_NAME} PRIVATE
        PORTICO_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        PORTICO_BINARY_DIR="${PROJECT_BINARY_DIR}"
        PORTICO_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data")
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    set(_env "QT_QPA_PLATFORM=offscreen")
    set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${_env}")
    if(T_LABELS)
        set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
    endif()
endfunction()
