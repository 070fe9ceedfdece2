fn main() {
    dflab_web::start();
}
