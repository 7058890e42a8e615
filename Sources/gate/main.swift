import SluiceCommands

Tools.gate.main()
