module github.com/pellizzetti/fsfc-simulator

go 1.21
