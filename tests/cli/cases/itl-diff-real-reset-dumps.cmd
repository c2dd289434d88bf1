itl-diff --at 2024-06-01T00:00:00Z --publisher test10pub.joemar2.lab dumps/before-and-after-crlf.txt
