# Fails when translations/portico_de.ts misses a string of the studio: lupdate refreshes a copy
# from the sources and every entry must come out translated.
# cmake -DLUPDATE=... -DSOURCE_DIR=... -DWORK_DIR=... -DQT_INCLUDE_DIR=... -P check_translations.cmake
file(MAKE_DIRECTORY ${WORK_DIR})
set(_ts ${WORK_DIR}/portico_de.ts)
file(COPY_FILE ${SOURCE_DIR}/translations/portico_de.ts ${_ts})
execute_process(
    COMMAND ${LUPDATE} -silent -I ${SOURCE_DIR} -I ${QT_INCLUDE_DIR} -I ${QT_INCLUDE_DIR}/QtCore
            ${SOURCE_DIR}/ui ${SOURCE_DIR}/app/studio/main.cpp
            -ts ${_ts} -no-obsolete -locations none
    RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "lupdate failed (${_rc})")
endif()
file(READ ${_ts} _text)
string(REGEX MATCHALL "<source>[^<]*</source>\n[ ]*<translation type=\"unfinished\"" _missing "${_text}")
list(LENGTH _missing _count)
if(_count GREATER 0)
    string(REPLACE "<translation type=\"unfinished\"" "" _list "${_missing}")
    message(FATAL_ERROR "translations/portico_de.ts lacks ${_count} translation(s): ${_list}\n"
                        "Run the update_translations target and translate the new entries.")
endif()
message(STATUS "portico_de.ts is complete")
