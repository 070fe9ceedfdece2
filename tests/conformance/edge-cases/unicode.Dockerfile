FROM a
RUN echo héllo ✓ 𝄞
ENV π=3.14
LABEL desc="naïve café"
RUN echo nbsp
COPY ünï /çódé
