#!/bin/sh
echo "hello <NOT_A_VARIANT_FILE>"
