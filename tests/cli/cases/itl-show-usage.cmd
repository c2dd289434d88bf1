itl-show
