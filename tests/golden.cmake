# Golden outputs: every corpus/ notice rendered as JSON and XML must equal corpus/expected/NAME.{json,xml}
# byte for byte. Regenerate on purpose with `tools/golden --update` (then read the diff).
find_package(Python3 COMPONENTS Interpreter REQUIRED)
if(EXISTS ${CMAKE_SOURCE_DIR}/corpus/expected)
  add_test(NAME golden.corpus
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/golden --zhenggai $<TARGET_FILE:zhenggai>
                   --rules ${CMAKE_SOURCE_DIR}/rules ${CMAKE_SOURCE_DIR}/corpus)
endif()
