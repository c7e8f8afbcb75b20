# Negative outline tests: texts full of false heading markers; the outline must be exactly the true
# headings (tests/negative/NAME.outline.json, written by hand), and the adversarial corpus notices
# (corpus/adv-*) must reach outline F1 1.0.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME negative.outline
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/negative_check.py $<TARGET_FILE:zhenggai>
                 ${CMAKE_SOURCE_DIR}/rules ${CMAKE_CURRENT_SOURCE_DIR}/negative)
add_test(NAME negative.adversarial-corpus
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/eval --zhenggai $<TARGET_FILE:zhenggai>
                 --rules ${CMAKE_SOURCE_DIR}/rules --only adv-* --min-outline-f1 1.00 ${CMAKE_SOURCE_DIR}/corpus)
