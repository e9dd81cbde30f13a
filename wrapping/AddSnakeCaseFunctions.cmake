# cmake -DSNAKE_CASE_FILE=<.../ParallelSeries_snake_case.py> -DFUNCTIONS=<a;b> -P AddSnakeCaseFunctions.cmake
#
# Adds function names to the tuple `snake_case_functions = ('a', 'b', )` that ITK's igenerator.py
# writes for a wrapped module, so that ITK's lazy loader exposes them as itk.<name>. Idempotent.
if(NOT EXISTS "${SNAKE_CASE_FILE}")
  message(FATAL_ERROR "${SNAKE_CASE_FILE} does not exist")
endif()
file(READ "${SNAKE_CASE_FILE}" content)
if(NOT content MATCHES "snake_case_functions = \\(")
  message(FATAL_ERROR "unexpected content of ${SNAKE_CASE_FILE}: ${content}")
endif()
set(changed FALSE)
foreach(f ${FUNCTIONS})
  if(NOT content MATCHES "'${f}'")
    string(REPLACE "snake_case_functions = (" "snake_case_functions = ('${f}', " content "${content}")
    set(changed TRUE)
  endif()
endforeach()
if(changed)
  file(WRITE "${SNAKE_CASE_FILE}" "${content}")
endif()
